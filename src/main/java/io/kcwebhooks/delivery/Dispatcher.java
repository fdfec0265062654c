package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.sender.Sender;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * One per node. A single loop keeps a small waiting room of deliveries leased to this node and
 * starts them on a bounded pool of workers, which send them and pass the outcome to the {@link
 * OutcomeBatcher}. Deliveries this node has just committed enter the waiting room as they are,
 * already leased to it; everything else (retries that fall due, work enqueued on other nodes,
 * leases that ran out) is claimed from the database into it, many rows per transaction, every poll
 * interval and at once while a backlog lasts.
 *
 * <p>{@link HeldDeliveries} keeps both paths to the limits per webhook and per realm. The waiting
 * room holds at most {@code batch-size} deliveries; new ones that do not fit are given back to the
 * database at once, where any node's next claim finds them.
 */
final class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class);

  /** A lease must outlast a whole attempt by this much, or it is renewed before sending. */
  private static final long LEASE_MARGIN_MILLIS = 5_000;

  private final DeliverySettings settings;
  private final Claimer claimer;
  private final OutcomeBatcher outcomes;
  private final Attempts attempts;
  private final Clock clock;
  private final ExecutorService workers;
  private final Thread loop;
  private final Object signal = new Object();
  private final HeldDeliveries held;
  private final ClaimPacing pacing;
  private boolean woken;
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
    Sender sender =
        new Sender(
            settings.connectTimeout(),
            settings.responseTimeout(),
            settings.attemptTimeout(),
            settings.workers(),
            settings.addressRules(),
            DaemonThreads.named("webhook-deadline"),
            clock);
    this.held =
        new HeldDeliveries(
            settings.workers(),
            settings.maxConcurrencyPerWebhook(),
            HeldDeliveries.shareOfARealm(settings.workers()),
            settings.batchSize());
    metrics.heldBack(held::heldBackWebhooks);
    this.pacing = new ClaimPacing(settings.pollInterval().toMillis(), settings.batchSize());
    this.outcomes =
        new OutcomeBatcher(
            OutcomeBatcher.database(
                sessionFactory,
                new StatusDecider(settings.retrySchedule(), metrics, clock),
                new HealthFollowUp(
                    settings.autoDisableAfter(), new DisabledAlerts(sessionFactory, clock), clock)),
            OutcomeBatcher.capacityFor(settings));
    this.attempts =
        new Attempts(sender, sessionFactory, outcomes, settings.retrySchedule(), held, clock);
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
   * Takes deliveries this node has just committed, leased to it. They wait until a worker is free;
   * those the waiting room does not take are given back to the database, due at once, and the next
   * claim (of any node) takes them.
   */
  void offer(List<NewDelivery> deliveries) {
    List<HeldDeliveries.Waiting> arrivals =
        deliveries.stream()
            .map(
                d ->
                    new HeldDeliveries.Waiting(
                        new SendJob(d.asClaimed(), d.endpoint()), d.leaseEnd()))
            .toList();
    if (deliveries.isEmpty()) {
      pacing.workQueued();
    } else {
      List<HeldDeliveries.Waiting> refused = held.offer(arrivals);
      if (!refused.isEmpty()) {
        claimer.giveBack(refused.stream().map(arrival -> arrival.job().delivery()).toList());
        pacing.workQueued();
      }
    }
    wake();
  }

  private void run() {
    long nextPoll = 0;
    while (running) {
      boolean again = false;
      try {
        again = startWaiting();
        long now = clock.millis();
        boolean pollDue = now >= nextPoll;
        if (pollDue) {
          nextPoll = now + settings.pollInterval().toMillis();
        }
        if (pacing.claimNow(pollDue, held, now)) {
          again |= claimDue();
        }
      } catch (RuntimeException e) {
        LOG.warn("Claiming webhook deliveries failed; trying again at the next poll", e);
      }
      if (!again) {
        long wakeAt = Math.min(nextPoll, held.nextRateStart());
        awaitSignal(Math.max(1, wakeAt - clock.millis()));
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
   * Starts the waiting deliveries that workers and the per-webhook and per-realm limits allow; the
   * others keep their place. True when it started some.
   */
  private boolean startWaiting() {
    List<HeldDeliveries.Waiting> startable = held.takeStartable(clock.millis());
    List<SendJob> stale = new ArrayList<>();
    for (HeldDeliveries.Waiting next : startable) {
      if (leaseCoversAnAttempt(next.leaseEnd())) {
        send(next.job());
      } else {
        stale.add(next.job());
      }
    }
    if (!stale.isEmpty()) {
      renewAndSend(stale);
    }
    return !startable.isEmpty();
  }

  /**
   * Whether a lease still covers a whole attempt; the usual case, since deliveries wait here
   * briefly. One that waited longer is renewed in the database first.
   */
  private boolean leaseCoversAnAttempt(long leaseEnd) {
    long attemptEnd = clock.millis() + settings.attemptTimeout().toMillis() + LEASE_MARGIN_MILLIS;
    return leaseEnd >= attemptEnd;
  }

  /** Deliveries another node took meanwhile are dropped here; that node sends them. */
  private void renewAndSend(List<SendJob> stale) {
    Map<String, ClaimedDelivery> renewed = new HashMap<>();
    claimer
        .renew(stale.stream().map(SendJob::delivery).toList())
        .forEach(delivery -> renewed.put(delivery.id(), delivery));
    for (SendJob job : stale) {
      ClaimedDelivery delivery = renewed.get(job.delivery().id());
      if (delivery == null) {
        finished(job);
      } else {
        SendJob renewedJob = new SendJob(delivery, job.endpoint());
        held.renewed(renewedJob);
        send(renewedJob);
      }
    }
  }

  /**
   * Claims due deliveries into the waiting room, as many as it has room for and no more of a
   * webhook or realm than its share. True when it claimed some.
   */
  private boolean claimDue() {
    pacing.claiming();
    int room = held.reserveRoom();
    ClaimCaps caps = held.claimCaps();
    boolean leavesSomeOut = caps.leaveSomeOut();
    Claimer.Due due = null;
    try {
      if (room > 0) {
        due = claimer.claimDue(room, caps);
      }
    } finally {
      held.addClaimed(waitingOf(due), room, caps);
    }
    if (due != null) {
      pacing.claimed(due, caps, leavesSomeOut, clock.millis());
    }
    return due != null && !due.jobs().isEmpty();
  }

  private static List<HeldDeliveries.Waiting> waitingOf(Claimer.Due due) {
    if (due == null) {
      return List.of();
    }
    return due.jobs().stream().map(job -> new HeldDeliveries.Waiting(job, due.leaseEnd())).toList();
  }

  private void send(SendJob job) {
    workers.execute(() -> deliver(job));
  }

  private void deliver(SendJob job) {
    try {
      attempts.run(job);
    } catch (RuntimeException e) {
      // The lease runs out and another attempt follows; nothing is lost.
      LOG.warnf(e, "Sending webhook delivery %s failed", job.delivery().id());
    } catch (InterruptedException e) {
      // Stopping: the claim is given back, or its lease runs out.
      Thread.currentThread().interrupt();
    } finally {
      finished(job);
    }
  }

  private void finished(SendJob job) {
    if (held.finished(job)) {
      pacing.claimSoon();
    }
    wake();
  }

  /**
   * Stops claiming, lets in-flight attempts finish for a while, and gives back the claims of those
   * that did not and of deliveries never started, so that the next node or start sends them without
   * waiting for the lease.
   */
  void shutdown(long graceMillis) {
    running = false;
    wake();
    workers.shutdown();
    try {
      loop.join(graceMillis);
      boolean finished = workers.awaitTermination(graceMillis, TimeUnit.MILLISECONDS);
      List<ClaimedDelivery> sending =
          finished ? List.of() : held.sending().stream().map(SendJob::delivery).toList();
      List<ClaimedDelivery> unsent =
          held.takeAllWaiting().stream().map(waiting -> waiting.job().delivery()).toList();
      if (!sending.isEmpty() || !unsent.isEmpty()) {
        claimer.releaseUnfinished(sending, unsent);
      }
      if (!finished) {
        workers.shutdownNow();
      }
      outcomes.shutdown(graceMillis);
      attempts.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("Closing the webhook sender failed", e);
    }
  }
}
