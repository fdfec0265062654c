package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeWriterTest {

  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final String SECRET = "whsec_never-in-an-outcome";

  /** Stores what it is given, refusing any batch that holds an outcome the test marks as bad. */
  private static final class FakeStore implements OutcomeWriter.Store {
    final List<List<OutcomeWriter.Finished>> calls = new CopyOnWriteArrayList<>();
    final List<OutcomeWriter.Finished> stored = new CopyOnWriteArrayList<>();
    volatile Predicate<OutcomeWriter.Finished> refused = finished -> false;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void write(List<OutcomeWriter.Finished> batch) {
      calls.add(batch);
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (batch.stream().anyMatch(refused)) {
        throw new IllegalStateException(
            "could not execute statement",
            new IllegalArgumentException("invalid byte sequence for encoding \"UTF8\": 0x00"));
      }
      stored.addAll(batch);
    }
  }

  private final FakeStore store = new FakeStore();
  private OutcomeWriter writer;

  @AfterEach
  void stop() throws InterruptedException {
    store.gate.countDown();
    if (writer != null) {
      writer.shutdown(5_000);
    }
  }

  private OutcomeWriter started(int capacity) {
    writer = new OutcomeWriter(store, capacity);
    writer.start();
    return writer;
  }

  @Test
  void anOutcomeThatCannotBeStoredIsStoredWithoutItsDetails() throws Exception {
    store.refused =
        finished -> "unstorable answer".equals(finished.result().outcome().responseExcerpt());
    OutcomeWriter writer = started(10);

    writer.submit(job("d1"), answered(200, "unstorable answer"));

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 1);
    AttemptOutcome stored = store.stored.get(0).result().outcome();
    assertThat(store.stored.get(0).job().delivery().id()).isEqualTo("d1");
    assertThat(stored.httpStatus()).isEqualTo(200);
    assertThat(stored.responseExcerpt()).isNull();
    assertThat(stored.error())
        .contains("could not be stored")
        .contains("invalid byte sequence")
        .doesNotContain(SECRET)
        .doesNotContain("\u0000");
  }

  @Test
  void oneBadOutcomeCostsOnlyItselfInABatch() throws Exception {
    store.refused = finished -> "bad".equals(finished.result().outcome().responseExcerpt());
    store.gate = new CountDownLatch(1);
    OutcomeWriter writer = started(10);
    writer.submit(job("first"), answered(200, "ok"));
    await().atMost(PROMPTLY).until(() -> store.calls.size() == 1);
    writer.submit(job("good"), answered(503, "busy"));
    writer.submit(job("bad"), answered(500, "bad"));

    store.gate.countDown();

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 3);
    assertThat(store.stored)
        .extracting(f -> f.job().delivery().id() + " " + f.result().outcome().responseExcerpt())
        .containsExactlyInAnyOrder("first ok", "good busy", "bad null");
  }

  @Test
  void anOutcomeThatCannotBeStoredAtAllIsNotTriedForever() throws Exception {
    store.refused = finished -> finished.job().delivery().id().equals("doomed");
    OutcomeWriter writer = started(10);

    writer.submit(job("doomed"), answered(200, "ok"));
    writer.submit(job("next"), answered(200, "ok"));

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 1);
    assertThat(store.stored.get(0).job().delivery().id()).isEqualTo("next");
    long triesOfDoomed =
        store.calls.stream().filter(batch -> batch.stream().anyMatch(store.refused)).count();
    assertThat(triesOfDoomed).isBetween(2L, 3L);
  }

  @Test
  void aFullQueueMakesWorkersWait() throws Exception {
    store.gate = new CountDownLatch(1);
    OutcomeWriter writer = started(2);
    writer.submit(job("being-written"), answered(200, "ok"));
    await().atMost(PROMPTLY).until(() -> store.calls.size() == 1);
    writer.submit(job("queued-1"), answered(200, "ok"));
    writer.submit(job("queued-2"), answered(200, "ok"));

    AtomicBoolean handedOver = new AtomicBoolean();
    Thread worker =
        new Thread(
            () -> {
              try {
                writer.submit(job("waiting"), answered(200, "ok"));
                handedOver.set(true);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    worker.start();

    await().atMost(PROMPTLY).until(() -> worker.getState() == Thread.State.WAITING);
    assertThat(handedOver).isFalse();
    store.gate.countDown();
    await().atMost(PROMPTLY).until(handedOver::get);
    await().atMost(PROMPTLY).until(() -> store.stored.size() == 4);
  }

  private static Dispatcher.Job job(String deliveryId) {
    return new Dispatcher.Job(
        new ClaimedDelivery(
            deliveryId, "webhook", "realm", "access.LOGIN", 1, 1, "token", new byte[0]),
        new Endpoint("webhook", "http://127.0.0.1/hook", SECRET));
  }

  private static SendResult answered(int status, String excerpt) {
    return new SendResult(new AttemptOutcome(1_000, 5, status, null, excerpt), null);
  }
}
