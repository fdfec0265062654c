package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.outbox.OutboxStore;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * One per node. A single loop claims deliveries in short transactions and hands them to a bounded
 * pool of workers, which send them and pass the outcome to the {@link OutcomeWriter}. Deliveries
 * this node has just committed are sent as they are, already leased to it; everything else (retries
 * that fall due, work enqueued on other nodes, leases that ran out) is found by polling the
 * database every poll interval, and at once while a backlog lasts.
 *
 * <p>No webhook gets more than {@code max-concurrency-per-webhook} workers and no realm more than
 * half of them, on both paths, so that one realm's backlog to slow receivers leaves workers for the
 * others. The node keeps at most {@code batch-size} new deliveries waiting in memory; more are
 * given back to the database at once, where any node's next claim finds them.
 */
final class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  /** A lease must outlast a whole attempt by this much, or it is renewed before sending. */
  private static final long LEASE_MARGIN_MILLIS = 5_000;

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
  private final Map<String, AtomicInteger> inFlightPerRealm = new ConcurrentHashMap<>();
  private final int maxPerRealm;
  private final int maxFresh;
  private final Set<ClaimedDelivery> active = ConcurrentHashMap.newKeySet();
  private final Queue<NewDelivery> fresh = new ConcurrentLinkedQueue<>();
  private boolean woken;
  private volatile boolean pollSoon;
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
    this.maxPerRealm = shareOfARealm(settings.workers());
    this.maxFresh = settings.batchSize();
    this.outcomes =
        new OutcomeWriter(
            OutcomeWriter.database(sessionFactory, new OutcomeRecorder(settings, metrics, clock)),
            OutcomeWriter.capacityFor(settings));
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

  /** Half the workers, at least one: what one realm may take while others may need workers. */
  static int shareOfARealm(int workers) {
    return Math.max(1, (workers + 1) / 2);
  }

  /**
   * Takes deliveries this node has just committed, leased to it. They wait here until a worker is
   * free; if {@code batch-size} wait already, they are given back to the database, due at once, and
   * the next claim (of any node) takes them.
   */
  void offer(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      pollSoon = true;
    } else if (fresh.size() + deliveries.size() <= maxFresh) {
      fresh.addAll(deliveries);
    } else {
      giveBack(deliveries);
      pollSoon = true;
    }
    wake();
  }

  /** Best effort: a delivery that could not be given back is claimed when its lease ends. */
  private void giveBack(List<NewDelivery> deliveries) {
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> OutboxStore.of(session).releaseUnsent(deliveries, clock.millis()));
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "%d new webhook deliveries will be sent when their hand-over lease ends",
          deliveries.size());
    }
  }

  private void run() {
    long nextPoll = 0;
    while (running) {
      boolean again = false;
      try {
        again = dispatchNew();
        long now = clock.millis();
        if (pollSoon || now >= nextPoll) {
          nextPoll = now + settings.pollInterval().toMillis();
          boolean mayHaveMore = dispatchDue();
          pollSoon = mayHaveMore;
          again |= mayHaveMore && freeSlots() > 0;
        }
      } catch (RuntimeException e) {
        LOG.warn("Claiming webhook deliveries failed; trying again at the next poll", e);
      }
      if (!again) {
        awaitSignal(Math.max(1, nextPoll - clock.millis()));
      }
    }
  }

  private void awaitSignal(long millis) {
    synchronized (signal) {
      if (!woken && running) {
        try {
          signal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }

  private int freeSlots() {
    return settings.workers() - inFlight.get();
  }

  /**
   * Starts waiting new deliveries as workers and the per-webhook and per-realm limits allow; the
   * others keep their place. True when it started some.
   */
  private boolean dispatchNew() {
    int free = Math.min(freeSlots(), settings.batchSize());
    List<NewDelivery> batch = new ArrayList<>();
    List<NewDelivery> held = new ArrayList<>();
    Map<String, Integer> perWebhook = new HashMap<>();
    Map<String, Integer> perRealm = new HashMap<>();
    for (int waiting = fresh.size(); waiting > 0 && batch.size() < free; waiting--) {
      NewDelivery next = fresh.poll();
      if (next == null) {
        break;
      }
      boolean fits =
          busyWith(inFlightPerWebhook, perWebhook, next.webhookId())
                  < settings.maxConcurrencyPerWebhook()
              && busyWith(inFlightPerRealm, perRealm, next.realmId()) < maxPerRealm;
      if (fits) {
        perWebhook.merge(next.webhookId(), 1, Integer::sum);
        perRealm.merge(next.realmId(), 1, Integer::sum);
        batch.add(next);
      } else {
        held.add(next);
      }
    }
    fresh.addAll(held);
    if (batch.isEmpty()) {
      return false;
    }
    List<NewDelivery> stale = new ArrayList<>();
    for (NewDelivery delivery : batch) {
      if (leaseCoversAnAttempt(delivery)) {
        start(new Job(delivery.asClaimed(), delivery.endpoint()));
      } else {
        stale.add(delivery);
      }
    }
    if (!stale.isEmpty()) {
      claim(session -> OutboxStore.of(session).renewLeases(stale, leaseEnd())).forEach(this::start);
    }
    return true;
  }

  /** Requests in flight for the key plus those this round is about to start. */
  private static int busyWith(
      Map<String, AtomicInteger> inFlight, Map<String, Integer> starting, String key) {
    AtomicInteger running = inFlight.get(key);
    return (running == null ? 0 : running.get()) + starting.getOrDefault(key, 0);
  }

  /**
   * Whether a new delivery's hand-over lease still covers a whole attempt; the usual case, since it
   * is sent milliseconds after its commit. One that waited longer is renewed in the database.
   */
  private boolean leaseCoversAnAttempt(NewDelivery delivery) {
    long attemptEnd = clock.millis() + settings.attemptTimeout().toMillis() + LEASE_MARGIN_MILLIS;
    return delivery.leaseEnd() >= attemptEnd;
  }

  /** Claims due deliveries as workers allow; true when more may be waiting. */
  private boolean dispatchDue() {
    int free = freeSlots();
    if (free <= 0) {
      return true;
    }
    int wanted = Math.min(free, settings.batchSize());
    ClaimCaps caps =
        new ClaimCaps(
            settings.maxConcurrencyPerWebhook(),
            maxPerRealm,
            counts(inFlightPerWebhook),
            counts(inFlightPerRealm));
    boolean[] moreMayBeDue = new boolean[1];
    List<Job> jobs =
        claim(
            session -> {
              OutboxStore.Claimed claimed =
                  OutboxStore.of(session)
                      .claimDue(
                          clock.millis(),
                          wanted,
                          leaseEnd(),
                          caps,
                          settings.retrySchedule().maxAttempts());
              if (claimed.gaveUp() > 0) {
                LOG.warnf(
                    "Gave up %d webhook deliveries whose every attempt was started but never"
                        + " recorded",
                    claimed.gaveUp());
              }
              moreMayBeDue[0] = claimed.moreMayBeDue();
              return claimed.deliveries();
            });
    jobs.forEach(this::start);
    return moreMayBeDue[0];
  }

  private long leaseEnd() {
    return clock.millis() + settings.lease().toMillis();
  }

  /**
   * Runs a claim in a short transaction and pairs each claimed delivery with its webhook from the
   * realm cache; deliveries of a deleted or disabled webhook end there, unsent.
   */
  private List<Job> claim(Function<KeycloakSession, List<ClaimedDelivery>> claimer) {
    return KeycloakModelUtils.runJobInTransactionWithResult(
        sessionFactory,
        session -> {
          List<ClaimedDelivery> claimed = claimer.apply(session);
          Map<String, Optional<Webhook>> webhooks = new HashMap<>();
          List<Job> jobs = new ArrayList<>(claimed.size());
          for (ClaimedDelivery delivery : claimed) {
            Optional<Webhook> webhook =
                webhooks.computeIfAbsent(
                    delivery.webhookId(), id -> findWebhook(session, delivery.realmId(), id));
            String reason = unsendableReason(webhook, delivery);
            if (reason != null) {
              OutboxStore.of(session).abandon(delivery, reason, clock.millis());
            } else {
              jobs.add(
                  new Job(
                      delivery,
                      new Endpoint(
                          webhook.get().id(), webhook.get().url(), webhook.get().secret())));
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

  private static Map<String, Integer> counts(Map<String, AtomicInteger> inFlight) {
    Map<String, Integer> counts = new HashMap<>();
    inFlight.forEach(
        (id, count) -> {
          if (count.get() > 0) {
            counts.put(id, count.get());
          }
        });
    return counts;
  }

  private void start(Job job) {
    inFlight.incrementAndGet();
    inFlightPerWebhook
        .computeIfAbsent(job.delivery().webhookId(), id -> new AtomicInteger())
        .incrementAndGet();
    inFlightPerRealm
        .computeIfAbsent(job.delivery().realmId(), id -> new AtomicInteger())
        .incrementAndGet();
    active.add(job.delivery());
    workers.execute(() -> deliver(job));
  }

  /**
   * Sends and hands the outcome on; waits while the outcome queue is full, so that a database that
   * cannot keep up slows sending down instead of filling the heap.
   */
  private void deliver(Job job) {
    try {
      SendResult result = sender.send(job.endpoint(), job.delivery());
      AttemptLog.log(job.delivery(), result.outcome());
      outcomes.submit(job, result);
    } catch (RuntimeException e) {
      // The lease runs out and another attempt follows; nothing is lost.
      LOG.warnf(e, "Sending webhook delivery %s failed", job.delivery().id());
    } catch (InterruptedException e) {
      // Stopping: the claim is given back, or its lease runs out.
      Thread.currentThread().interrupt();
    } finally {
      active.remove(job.delivery());
      inFlightPerWebhook.get(job.delivery().webhookId()).decrementAndGet();
      inFlightPerRealm.get(job.delivery().realmId()).decrementAndGet();
      inFlight.decrementAndGet();
      wake();
    }
  }

  /**
   * Stops claiming, lets in-flight attempts finish for a while, and gives back the claims of those
   * that did not and of new deliveries never started, so that the next node or start sends them
   * without waiting for the lease.
   */
  void shutdown(long graceMillis) {
    running = false;
    wake();
    workers.shutdown();
    try {
      loop.join(graceMillis);
      boolean finished = workers.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
      if (!finished || !fresh.isEmpty()) {
        releaseUnfinished();
      }
      if (!finished) {
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
    List<NewDelivery> unsent = new ArrayList<>(fresh);
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> {
            OutboxStore outbox = OutboxStore.of(session);
            active.forEach(delivery -> outbox.release(delivery, clock.millis()));
            outbox.releaseUnsent(unsent, clock.millis());
          });
    } catch (RuntimeException e) {
      LOG.infof(
          "%d webhook deliveries will be retried after their lease", active.size() + unsent.size());
    }
  }

  /** A claimed delivery and where to send it. */
  record Job(ClaimedDelivery delivery, Endpoint endpoint) {}
}
