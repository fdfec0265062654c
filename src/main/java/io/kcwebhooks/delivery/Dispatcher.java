package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.sender.SendResult;
import io.kcwebhooks.sender.Sender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * One per node. A single loop claims deliveries in short transactions and hands them to a bounded
 * pool of workers, which send them and pass the outcome to the {@link OutcomeBatcher}. Deliveries
 * this node has just committed are sent as they are, already leased to it; everything else (retries
 * that fall due, work enqueued on other nodes, leases that ran out) is found by polling the
 * database every poll interval, and at once while a backlog lasts.
 *
 * <p>Both paths keep to the limits per webhook and per realm ({@link InFlight}). The node keeps at
 * most {@code batch-size} new deliveries waiting in memory; more are given back to the database at
 * once, where any node's next claim finds them.
 */
final class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  /** A lease must outlast a whole attempt by this much, or it is renewed before sending. */
  private static final long LEASE_MARGIN_MILLIS = 5_000;

  private final DeliverySettings settings;
  private final Claimer claimer;
  private final Sender sender;
  private final OutcomeBatcher outcomes;
  private final Clock clock;
  private final ExecutorService workers;
  private final Thread loop;
  private final Object signal = new Object();
  private final InFlight inFlight;
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
    this.settings = settings;
    this.clock = clock;
    this.claimer =
        new Claimer(
            sessionFactory, settings.lease(), settings.retrySchedule().maxAttempts(), clock);
    this.sender =
        new Sender(
            settings.connectTimeout(),
            settings.responseTimeout(),
            settings.attemptTimeout(),
            settings.workers(),
            settings.addressRules(),
            DaemonThreads.named("webhook-deadline"),
            clock);
    this.inFlight = new InFlight(settings.workers(), settings.maxConcurrencyPerWebhook());
    this.maxFresh = settings.batchSize();
    this.outcomes =
        new OutcomeBatcher(
            OutcomeBatcher.database(
                sessionFactory,
                new StatusDecider(settings.retrySchedule(), metrics, clock),
                new HealthFollowUp(settings.autoDisableAfter(), clock)),
            OutcomeBatcher.capacityFor(settings));
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
      claimer.giveBack(deliveries);
      pollSoon = true;
    }
    wake();
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
          again |= mayHaveMore && inFlight.freeWorkers() > 0;
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

  /**
   * Starts waiting new deliveries as workers and the per-webhook and per-realm limits allow; the
   * others keep their place. True when it started some.
   */
  private boolean dispatchNew() {
    int free = Math.min(inFlight.freeWorkers(), settings.batchSize());
    ClaimCaps caps = inFlight.caps();
    List<NewDelivery> batch = new ArrayList<>();
    List<NewDelivery> held = new ArrayList<>();
    for (int waiting = fresh.size(); waiting > 0 && batch.size() < free; waiting--) {
      NewDelivery next = fresh.poll();
      if (next == null) {
        break;
      }
      if (caps.admit(next.webhookId(), next.realmId())) {
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
        start(new SendJob(delivery.asClaimed(), delivery.endpoint()));
      } else {
        stale.add(delivery);
      }
    }
    if (!stale.isEmpty()) {
      claimer.renew(stale).forEach(this::start);
    }
    return true;
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
    int free = inFlight.freeWorkers();
    if (free <= 0) {
      return true;
    }
    Claimer.Due due = claimer.claimDue(Math.min(free, settings.batchSize()), inFlight.caps());
    due.jobs().forEach(this::start);
    return due.moreMayBeDue();
  }

  private void start(SendJob job) {
    inFlight.started(job.delivery());
    active.add(job.delivery());
    workers.execute(() -> deliver(job));
  }

  /**
   * Sends and hands the outcome on; waits while the outcome queue is full, so that a database that
   * cannot keep up slows sending down instead of filling the heap.
   */
  private void deliver(SendJob job) {
    try {
      SendResult result = sender.send(job.endpoint(), job.delivery());
      AttemptLog.log(job.delivery(), result.outcome());
      outcomes.submit(job.delivery(), result);
    } catch (RuntimeException e) {
      // The lease runs out and another attempt follows; nothing is lost.
      LOG.warnf(e, "Sending webhook delivery %s failed", job.delivery().id());
    } catch (InterruptedException e) {
      // Stopping: the claim is given back, or its lease runs out.
      Thread.currentThread().interrupt();
    } finally {
      active.remove(job.delivery());
      inFlight.finished(job.delivery());
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
        claimer.releaseUnfinished(active, new ArrayList<>(fresh));
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
}
