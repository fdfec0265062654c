package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.Backlog;
import io.kcwebhooks.outbox.Overflow;
import io.kcwebhooks.outbox.Purge;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Background housekeeping on a thread of its own (never Keycloak's shared timer thread): purges
 * finished deliveries older than {@code retention} in bounded batches, ends the oldest pending
 * deliveries of webhooks over {@code max-pending-per-webhook}, and refreshes the backlog gauges.
 * Several nodes may purge at once; they skip each other's locked rows.
 */
final class Maintenance {

  private static final Logger LOG = Logger.getLogger(Maintenance.class);
  static final int PURGE_BATCH = 500;
  private static final long BACKLOG_REFRESH_SECONDS = 5;

  private final KeycloakSessionFactory sessionFactory;
  private final DeliverySettings settings;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("webhook-maintenance"));

  Maintenance(
      KeycloakSessionFactory sessionFactory,
      DeliverySettings settings,
      DeliveryMetrics metrics,
      Clock clock) {
    this.sessionFactory = sessionFactory;
    this.settings = settings;
    this.metrics = metrics;
    this.clock = clock;
  }

  void start() {
    long purgeMillis = settings.cleanupInterval().toMillis();
    executor.scheduleWithFixedDelay(
        () -> guarded("purging old webhook deliveries", this::purge),
        purgeMillis,
        purgeMillis,
        TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(
        () -> guarded("counting the webhook backlog", this::refreshBacklog),
        1,
        BACKLOG_REFRESH_SECONDS,
        TimeUnit.SECONDS);
    executor.scheduleWithFixedDelay(
        () -> guarded("capping pending webhook deliveries", this::capPending),
        BACKLOG_REFRESH_SECONDS,
        BACKLOG_REFRESH_SECONDS,
        TimeUnit.SECONDS);
  }

  void shutdown() {
    executor.shutdownNow();
  }

  private void purge() {
    long cutoff = clock.millis() - settings.retention().toMillis();
    int deleted;
    do {
      deleted =
          KeycloakModelUtils.runJobInTransactionWithResult(
              sessionFactory, session -> Purge.of(session).finishedBefore(cutoff, PURGE_BATCH));
    } while (deleted == PURGE_BATCH && !executor.isShutdown());
  }

  /** At most {@link #PURGE_BATCH} per webhook and run, so that a transaction stays short. */
  private void capPending() {
    int cap = settings.maxPendingPerWebhook();
    String reason =
        "dropped unsent: its webhook had more than "
            + cap
            + " pending deliveries (max-pending-per-webhook), and this was among the oldest";
    KeycloakModelUtils.runJobInTransaction(
        sessionFactory,
        session -> {
          Overflow overflow = Overflow.of(session);
          for (Overflow.Excess excess : overflow.overCap(cap)) {
            int batch = (int) Math.min(excess.excess(), PURGE_BATCH);
            int dropped = overflow.failOldest(excess, batch, reason, clock.millis());
            if (dropped > 0) {
              RealmModel realm = session.realms().getRealm(excess.realmId());
              metrics.dropped(realm == null ? excess.realmId() : realm.getName(), dropped);
              LOG.warnf(
                  "Dropped the %d oldest pending deliveries of webhook %s: it had more than %d",
                  dropped, excess.webhookId(), cap);
            }
          }
        });
  }

  private void refreshBacklog() {
    KeycloakModelUtils.runJobInTransaction(
        sessionFactory,
        session -> {
          List<Backlog> backlog = Backlog.perRealm(session);
          Map<String, String> names = new HashMap<>();
          for (Backlog entry : backlog) {
            RealmModel realm = session.realms().getRealm(entry.realmId());
            names.put(entry.realmId(), realm == null ? entry.realmId() : realm.getName());
          }
          metrics.backlog(backlog, names, clock.millis());
        });
  }

  private static void guarded(String what, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warnf(e, "Failed %s; trying again later", what);
    }
  }
}
