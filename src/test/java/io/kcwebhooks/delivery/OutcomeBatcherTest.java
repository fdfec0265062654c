package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.sender.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OutcomeBatcherTest {

  private static final Duration PROMPTLY = Duration.ofSeconds(10);

  /** Stores what it is given, refusing any batch that holds an outcome the test marks as bad. */
  private static final class FakeStore implements OutcomeBatcher.Store {
    final List<List<OutcomeBatcher.Finished>> calls = new CopyOnWriteArrayList<>();
    final List<OutcomeBatcher.Finished> stored = new CopyOnWriteArrayList<>();
    volatile Predicate<OutcomeBatcher.Finished> refused = finished -> false;
    volatile CountDownLatch gate = new CountDownLatch(0);

    @Override
    public void write(List<OutcomeBatcher.Finished> batch) {
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
  private OutcomeBatcher batcher;

  @AfterEach
  void stop() throws InterruptedException {
    store.gate.countDown();
    if (batcher != null) {
      batcher.shutdown(5_000);
    }
  }

  private OutcomeBatcher started(int capacity) {
    batcher = new OutcomeBatcher(store, capacity);
    batcher.start();
    return batcher;
  }

  @Test
  void anOutcomeThatCannotBeStoredIsStoredWithoutItsDetails() throws Exception {
    store.refused =
        finished -> "unstorable answer".equals(finished.result().outcome().responseExcerpt());
    OutcomeBatcher batcher = started(10);

    batcher.submit(delivery("d1"), answered(200, "unstorable answer"));

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 1);
    AttemptOutcome stored = store.stored.get(0).result().outcome();
    assertThat(store.stored.get(0).delivery().id()).isEqualTo("d1");
    assertThat(stored.httpStatus()).isEqualTo(200);
    assertThat(stored.responseExcerpt()).isNull();
    assertThat(stored.error())
        .contains("could not be stored")
        .contains("invalid byte sequence")
        .doesNotContain("\u0000");
  }

  @Test
  void oneBadOutcomeCostsOnlyItselfInABatch() throws Exception {
    store.refused = finished -> "bad".equals(finished.result().outcome().responseExcerpt());
    store.gate = new CountDownLatch(1);
    OutcomeBatcher batcher = started(10);
    batcher.submit(delivery("first"), answered(200, "ok"));
    await().atMost(PROMPTLY).until(() -> store.calls.size() == 1);
    batcher.submit(delivery("good"), answered(503, "busy"));
    batcher.submit(delivery("bad"), answered(500, "bad"));

    store.gate.countDown();

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 3);
    assertThat(store.stored)
        .extracting(f -> f.delivery().id() + " " + f.result().outcome().responseExcerpt())
        .containsExactlyInAnyOrder("first ok", "good busy", "bad null");
  }

  @Test
  void anOutcomeThatCannotBeStoredAtAllIsNotTriedForever() throws Exception {
    store.refused = finished -> finished.delivery().id().equals("doomed");
    OutcomeBatcher batcher = started(10);

    batcher.submit(delivery("doomed"), answered(200, "ok"));
    batcher.submit(delivery("next"), answered(200, "ok"));

    await().atMost(PROMPTLY).until(() -> store.stored.size() == 1);
    assertThat(store.stored.get(0).delivery().id()).isEqualTo("next");
    long triesOfDoomed =
        store.calls.stream().filter(batch -> batch.stream().anyMatch(store.refused)).count();
    assertThat(triesOfDoomed).isBetween(2L, 3L);
  }

  @Test
  void aFullQueueMakesWorkersWait() throws Exception {
    store.gate = new CountDownLatch(1);
    OutcomeBatcher batcher = started(2);
    batcher.submit(delivery("being-written"), answered(200, "ok"));
    await().atMost(PROMPTLY).until(() -> store.calls.size() == 1);
    batcher.submit(delivery("queued-1"), answered(200, "ok"));
    batcher.submit(delivery("queued-2"), answered(200, "ok"));

    AtomicBoolean handedOver = new AtomicBoolean();
    Thread worker =
        new Thread(
            () -> {
              try {
                batcher.submit(delivery("waiting"), answered(200, "ok"));
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

  private static ClaimedDelivery delivery(String deliveryId) {
    return new ClaimedDelivery(
        deliveryId,
        "webhook",
        "realm",
        "access.LOGIN",
        1,
        1,
        "token",
        ProducingRequest.NONE,
        new byte[0]);
  }

  private static SendResult answered(int status, String excerpt) {
    return new SendResult(new AttemptOutcome(1_000, 5, status, null, excerpt), null);
  }
}
