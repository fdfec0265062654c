package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.OutboxStore;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One per node. A single loop claims due deliveries in short transactions and hands them to a
 * bounded pool of workers, which send them and record the outcome. The loop runs when woken after a
 * commit, when a worker frees a slot, and at every poll interval (for retries that fall due and for
 * work enqueued on other nodes).
 */
final class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  private final KeycloakSessionFactory sessionFactory;
  private final DeliverySettings settings;
  private final Sender sender;
  private final OutcomeWriter outcomes;
  private final Clock clock;
  private final ExecutorService workers;
  private final Thread loop;
  private final Object signal = new Object();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, AtomicInteger> inFlightPerWebhook = new ConcurrentHashMap<>();
  private final Set<ClaimedDelivery> active = ConcurrentHashMap.newKeySet();
  private boolean woken;
  private volatile boolean running = true;

  Dispatcher(
      KeycloakSessionFactory sessionFactory,
      DeliverySettings settings,
      DeliveryMetrics metrics,
      Clock clock) {
    this.sessionFactory = sessionFactory;
    this.settings = settings;
    this.clock = clock;
    this.sender = new Sender(settings, clock);
    this.outcomes =
        new OutcomeWriter(sessionFactory, new OutcomeRecorder(settings, metrics, clock));
    this.workers =
        Executors.newFixedThreadPool(settings.workers(), DaemonThreads.named("webhook-sender"));
    this.loop = DaemonThreads.named("webhook-dispatcher").newThread(this::run);
  }

  void start() {
    outcomes.start();
    loop.start();
  }

  void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void run() {
    while (running) {
      boolean mayHaveMore = false;
      try {
        mayHaveMore = dispatchOnce();
      } catch (RuntimeException e) {
        LOG.warn("Claiming webhook deliveries failed; trying again at the next poll", e);
      }
      if (!mayHaveMore) {
        awaitSignal();
      }
    }
  }

  private void awaitSignal() {
    synchronized (signal) {
      if (!woken && running) {
        try {
          signal.wait(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  /** Claims as many deliveries as there are free workers; true when it filled them all. */
  private boolean dispatchOnce() {
    int free = settings.workers() - inFlight.get();
    if (free <= 0) {
      return false;
    }
    int wanted = Math.min(free, settings.batchSize());
    List<Job> jobs = claim(wanted);
    jobs.forEach(this::start);
    return jobs.size() == wanted;
  }

  private List<Job> claim(int wanted) {
    return KeycloakModelUtils.runJobInTransactionWithResult(
        sessionFactory,
        session -> {
          long now = clock.millis();
          OutboxStore outbox = OutboxStore.of(session);
          List<ClaimedDelivery> claimed =
              outbox.claimDue(now, wanted, now + settings.lease().toMillis(), saturatedWebhooks());
          Map<String, Optional<Webhook>> webhooks = new HashMap<>();
          List<Job> jobs = new ArrayList<>(claimed.size());
          for (ClaimedDelivery delivery : claimed) {
            Optional<Webhook> webhook =
                webhooks.computeIfAbsent(
                    delivery.webhookId(), id -> findWebhook(session, delivery.realmId(), id));
            String reason = unsendableReason(webhook, delivery);
            if (reason != null) {
              outbox.abandon(delivery, reason, now);
            } else {
              jobs.add(new Job(webhook.get(), delivery));
            }
          }
          return jobs;
        });
  }

  /** Test pings go out even to a disabled webhook, so that an admin can check it first. */
  private static String unsendableReason(Optional<Webhook> webhook, ClaimedDelivery delivery) {
    if (webhook.isEmpty()) {
      return "webhook was deleted";
    }
    return webhook.get().enabled() || delivery.isSystemEvent() ? null : "webhook is disabled";
  }

  private static Optional<Webhook> findWebhook(
      KeycloakSession session, String realmId, String webhookId) {
    RealmModel realm = session.realms().getRealm(realmId);
    return realm == null ? Optional.empty() : WebhookStore.find(realm, webhookId);
  }

  private Set<String> saturatedWebhooks() {
    Set<String> saturated = new HashSet<>();
    inFlightPerWebhook.forEach(
        (id, count) -> {
          if (count.get() >= settings.maxConcurrencyPerWebhook()) {
            saturated.add(id);
          }
        });
    return saturated;
  }

  private void start(Job job) {
    inFlight.incrementAndGet();
    inFlightPerWebhook
        .computeIfAbsent(job.delivery().webhookId(), id -> new AtomicInteger())
        .incrementAndGet();
    active.add(job.delivery());
    workers.execute(() -> deliver(job));
  }

  private void deliver(Job job) {
    try {
      SendResult result = sender.send(job.webhook(), job.delivery());
      AttemptLog.log(job.webhook(), job.delivery(), result.outcome());
      outcomes.submit(job, result);
    } catch (RuntimeException e) {
      // The lease runs out and another attempt follows; nothing is lost.
      LOG.warnf(e, "Sending webhook delivery %s failed", job.delivery().id());
    } finally {
      active.remove(job.delivery());
      inFlightPerWebhook.get(job.delivery().webhookId()).decrementAndGet();
      inFlight.decrementAndGet();
      wake();
    }
  }

  /**
   * Stops claiming, lets in-flight attempts finish for a while, and gives back the claims of those
   * that did not, so that the next node or start sends them without waiting for the lease.
   */
  void shutdown(long graceMillis) {
    running = false;
    wake();
    workers.shutdown();
    try {
      loop.join(graceMillis);
      if (!workers.awaitTermination(graceMillis, TimeUnit.MILLISECONDS)) {
        releaseUnfinished();
        workers.shutdownNow();
      }
      outcomes.shutdown(graceMillis);
      sender.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("Closing the webhook sender failed", e);
    }
  }

  private void releaseUnfinished() {
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> {
            OutboxStore outbox = OutboxStore.of(session);
            active.forEach(delivery -> outbox.release(delivery, clock.millis()));
          });
    } catch (RuntimeException e) {
      LOG.infof("%d webhook deliveries will be retried after their lease", active.size());
    }
  }

  record Job(Webhook webhook, ClaimedDelivery delivery) {}
}
