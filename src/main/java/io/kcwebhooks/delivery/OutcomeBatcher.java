package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.FailureStreaks;
import io.kcwebhooks.outbox.Outcomes;
import io.kcwebhooks.sender.SendResult;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Collects attempt outcomes into batches and writes each batch in one transaction, on a thread of
 * its own; what an outcome means for its delivery is the {@link StatusDecider}'s to say. A Keycloak
 * session and transaction per delivery would cost more than the delivery; under load, one
 * transaction now carries many outcomes, and when idle a batch is a single one.
 *
 * <p>The queue is bounded: when the database falls behind, workers wait to hand their outcome over
 * instead of piling outcomes (and the bodies their deliveries hold) up on the heap.
 */
final class OutcomeBatcher {

  private static final Logger LOG = Logger.getLogger(OutcomeBatcher.class);
  private static final int MAX_CAUSE_TEXT = 300;

  record Finished(ClaimedDelivery delivery, SendResult result) {

    /**
     * The same outcome without the receiver's answer text and with the storage failure as its
     * error: what is left to record when the full outcome cannot be stored. The status, and so what
     * happens to the delivery next, stays the same.
     */
    Finished degraded(RuntimeException storageFailure) {
      AttemptOutcome full = result.outcome();
      AttemptOutcome degraded =
          new AttemptOutcome(
              full.startedAt(),
              full.durationMs(),
              full.httpStatus(),
              "the attempt's details could not be stored ("
                  + describe(storageFailure)
                  + "); they were left out",
              null);
      return new Finished(delivery, new SendResult(degraded, result.retryAfter()));
    }
  }

  /** Stores a batch of outcomes in one transaction; throws when that transaction fails. */
  interface Store {
    void write(List<Finished> batch);
  }

  private final Store store;
  private final int maxBatch;
  private final BlockingQueue<Finished> queue;
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param capacity the most outcomes waiting to be written; as many again may be in the batch
   *     being written
   */
  OutcomeBatcher(Store store, int capacity) {
    this.store = store;
    this.maxBatch = capacity;
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.thread = DaemonThreads.named("webhook-recorder").newThread(this::run);
  }

  /** Two claims' worth of outcomes: enough to batch while workers keep sending. */
  static int capacityFor(DeliverySettings settings) {
    return 2 * settings.batchSize();
  }

  /** Records outcomes with the decider, then follows them up on their webhooks. */
  static Store database(
      KeycloakSessionFactory sessionFactory, StatusDecider decider, HealthFollowUp health) {
    return batch -> {
      List<Finished> recorded =
          KeycloakModelUtils.runJobInTransactionWithResult(
              sessionFactory,
              session -> {
                // By identity: a batch may hold two outcomes of one delivery, under different
                // claims.
                Map<Outcomes.Entry, Finished> byEntry = new IdentityHashMap<>();
                List<Outcomes.Entry> entries = new ArrayList<>(batch.size());
                for (Finished finished : batch) {
                  Outcomes.Entry entry = decider.decide(finished.delivery(), finished.result());
                  byEntry.put(entry, finished);
                  entries.add(entry);
                }
                List<Finished> done = new ArrayList<>(batch.size());
                for (Outcomes.Entry entry : Outcomes.of(session).record(entries)) {
                  decider.count(session, entry);
                  done.add(byEntry.get(entry));
                }
                return done;
              });
      followUp(sessionFactory, health, recorded);
    };
  }

  /** Best effort: a follow-up that fails is made good by the next outcome of the same webhook. */
  private static void followUp(
      KeycloakSessionFactory sessionFactory, HealthFollowUp health, List<Finished> recorded) {
    List<Finished> work =
        recorded.stream()
            .filter(f -> health.needsFollowUp(f.delivery(), f.result().outcome()))
            .toList();
    if (work.isEmpty()) {
      return;
    }
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> {
            FailureStreaks streaks = FailureStreaks.of(session);
            for (Finished finished : work) {
              health.followUp(session, streaks, finished.delivery(), finished.result().outcome());
            }
          });
    } catch (RuntimeException e) {
      LOG.debugf(e, "Updating webhook health after %d outcomes failed", recorded.size());
    }
  }

  void start() {
    thread.start();
  }

  /** Queues an outcome, waiting while the queue is full. */
  void submit(ClaimedDelivery delivery, SendResult result) throws InterruptedException {
    queue.put(new Finished(delivery, result));
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        Finished first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Finished> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, maxBatch - 1);
          write(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Writes the batch in one transaction; if that fails, each outcome alone, so that one bad row
   * costs only itself; and an outcome that cannot be stored even alone is stored without its
   * details, so that its delivery still moves on. One that cannot be stored at all is sent again
   * after its lease, until its schedule is used up.
   */
  private void write(List<Finished> batch) {
    try {
      store.write(batch);
    } catch (RuntimeException batchFailure) {
      if (!running) {
        // Keycloak may have closed what a transaction needs before this thread stops.
        LOG.infof(
            "%d webhook attempts could not be recorded while Keycloak stopped;"
                + " their deliveries are sent again when their leases end",
            batch.size());
        return;
      }
      if (batch.size() == 1) {
        writeDegraded(batch.get(0), batchFailure);
      } else {
        batch.forEach(this::writeAlone);
      }
    }
  }

  private void writeAlone(Finished finished) {
    try {
      store.write(List.of(finished));
    } catch (RuntimeException e) {
      writeDegraded(finished, e);
    }
  }

  private void writeDegraded(Finished finished, RuntimeException failure) {
    String deliveryId = finished.delivery().id();
    LOG.warnf(
        failure, "Recording webhook delivery %s failed; recording it without details", deliveryId);
    try {
      store.write(List.of(finished.degraded(failure)));
    } catch (RuntimeException e) {
      LOG.warnf(
          e,
          "Recording webhook delivery %s failed again; it is tried again after its lease",
          deliveryId);
    }
  }

  /**
   * The innermost cause's type and message, cut short: enough to tell what the database refused.
   */
  static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName();
    if (root.getMessage() != null) {
      // One line of printable text: the failure may well have been about odd characters.
      text += ": " + root.getMessage().replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
    }
    return text.length() <= MAX_CAUSE_TEXT ? text : text.substring(0, MAX_CAUSE_TEXT) + "...";
  }

  /** Writes what is queued, then stops. */
  void shutdown(long graceMillis) throws InterruptedException {
    running = false;
    thread.join(graceMillis);
  }
}
