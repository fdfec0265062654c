package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.OutboxStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Writes attempt outcomes to the database in batches, one transaction per batch, on a thread of its
 * own. A Keycloak session and transaction per delivery would cost more than the delivery; under
 * load, one transaction now carries many outcomes, and when idle a batch is a single one.
 */
final class OutcomeWriter {

  private static final Logger LOG = Logger.getLogger(OutcomeWriter.class);
  static final int MAX_BATCH = 200;

  record Finished(Dispatcher.Job job, SendResult result) {}

  private final KeycloakSessionFactory sessionFactory;
  private final OutcomeRecorder recorder;
  private final BlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  OutcomeWriter(KeycloakSessionFactory sessionFactory, OutcomeRecorder recorder) {
    this.sessionFactory = sessionFactory;
    this.recorder = recorder;
    this.thread = DaemonThreads.named("webhook-recorder").newThread(this::run);
  }

  void start() {
    thread.start();
  }

  void submit(Dispatcher.Job job, SendResult result) {
    queue.add(new Finished(job, result));
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      try {
        Finished first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Finished> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
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
   * costs only itself. An outcome that cannot be written is sent again after its lease.
   */
  private void write(List<Finished> batch) {
    try {
      writeTogether(batch);
    } catch (RuntimeException batchFailure) {
      if (!running) {
        // Keycloak may have closed what a transaction needs before this writer stops.
        LOG.infof(
            "%d webhook attempts could not be recorded while Keycloak stopped;"
                + " their deliveries are sent again when their leases end",
            batch.size());
        return;
      }
      for (Finished finished : batch) {
        try {
          writeTogether(List.of(finished));
        } catch (RuntimeException e) {
          LOG.warnf(e, "Recording webhook delivery %s failed", finished.job().delivery().id());
        }
      }
    }
  }

  private void writeTogether(List<Finished> batch) {
    List<Finished> recorded =
        KeycloakModelUtils.runJobInTransactionWithResult(
            sessionFactory,
            session -> {
              OutboxStore outbox = OutboxStore.of(session);
              List<Finished> done = new ArrayList<>(batch.size());
              for (Finished finished : batch) {
                if (recorder.record(session, outbox, finished.job(), finished.result())) {
                  done.add(finished);
                }
              }
              return done;
            });
    followUp(recorded);
  }

  /** Best effort: a follow-up that fails is made good by the next outcome of the same webhook. */
  private void followUp(List<Finished> recorded) {
    List<Finished> work =
        recorded.stream().filter(f -> recorder.needsFollowUp(f.job(), f.result())).toList();
    if (work.isEmpty()) {
      return;
    }
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> {
            OutboxStore outbox = OutboxStore.of(session);
            for (Finished finished : work) {
              recorder.followUp(session, outbox, finished.job(), finished.result());
            }
          });
    } catch (RuntimeException e) {
      LOG.debugf(e, "Updating webhook health after %d outcomes failed", recorded.size());
    }
  }

  /** Writes what is queued, then stops. */
  void shutdown(long graceMillis) throws InterruptedException {
    running = false;
    thread.join(graceMillis);
  }
}
