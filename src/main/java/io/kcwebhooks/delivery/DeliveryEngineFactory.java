package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.DeliveriesEnqueued;
import io.kcwebhooks.outbox.Purge;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import org.keycloak.Config;
import org.keycloak.exportimport.ExportImportConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderEvent;
import org.keycloak.provider.ProviderFactory;

/**
 * Owns the node's dispatcher: reads the options, starts it when Keycloak has migrated its database,
 * wakes it after commits that enqueued deliveries, and stops it on shutdown.
 */
public class DeliveryEngineFactory implements ProviderFactory<DeliveryEngine> {

  public static final String ID = "default";
  private static final long SHUTDOWN_GRACE_MILLIS = 5_000;

  private DeliverySettings settings;
  private Dispatcher dispatcher;
  private Maintenance maintenance;

  /** The options in effect, for the REST API's checks. */
  public static DeliverySettings settings(KeycloakSession session) {
    return ((DeliveryEngineFactory)
            session.getKeycloakSessionFactory().getProviderFactory(DeliveryEngine.class, ID))
        .settings;
  }

  @Override
  public void init(Config.Scope config) {
    settings = DeliverySettings.from(config);
  }

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(event -> onProviderEvent(factory, event));
  }

  /**
   * The engine starts once Keycloak has updated its database, this extension's tables included: a
   * first start would otherwise poll tables that do not exist yet.
   */
  private synchronized void start(KeycloakSessionFactory factory) {
    if (dispatcher != null
        || ExportImportConfig.ACTION_EXPORT.equals(ExportImportConfig.getAction())) {
      return;
    }
    DeliveryMetrics metrics = new DeliveryMetrics(Metrics.globalRegistry);
    dispatcher = new Dispatcher(factory, settings, metrics, Clock.systemUTC());
    dispatcher.start();
    maintenance = new Maintenance(factory, settings, metrics, Clock.systemUTC());
    maintenance.start();
  }

  private void onProviderEvent(KeycloakSessionFactory factory, ProviderEvent event) {
    if (event instanceof PostMigrationEvent) {
      start(factory);
    } else if (event instanceof DeliveriesEnqueued enqueued) {
      if (dispatcher != null) {
        dispatcher.offer(enqueued.deliveries());
      }
    } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
      Purge.of(removed.getKeycloakSession()).realm(removed.getRealm().getId());
    }
  }

  @Override
  public DeliveryEngine create(KeycloakSession session) {
    return () -> {};
  }

  @Override
  public void close() {
    if (maintenance != null) {
      maintenance.shutdown();
    }
    if (dispatcher != null) {
      dispatcher.shutdown(SHUTDOWN_GRACE_MILLIS);
    }
  }

  @Override
  public String getId() {
    return ID;
  }
}
