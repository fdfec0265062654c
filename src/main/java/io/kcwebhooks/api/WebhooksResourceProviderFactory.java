package io.kcwebhooks.api;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the API at {@code /realms/{realm}/webhooks}. */
public class WebhooksResourceProviderFactory implements RealmResourceProviderFactory {

  public static final String ID = "webhooks";

  private final RealmLimiter limiter = new RealmLimiter();

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    WebhooksResource resource = new WebhooksResource(session, limiter);
    return new RealmResourceProvider() {
      @Override
      public Object getResource() {
        return resource;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }
}
