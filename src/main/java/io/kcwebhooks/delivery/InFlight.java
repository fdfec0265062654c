package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's attempts under way, in all, per webhook and per realm. No webhook gets more than
 * {@code max-concurrency-per-webhook} workers and no realm more than half of them, so that one
 * realm's backlog to slow receivers leaves workers for the others.
 */
final class InFlight {

  private final int workers;
  private final int maxPerWebhook;
  private final int maxPerRealm;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<String, AtomicInteger> perWebhook = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perRealm = new ConcurrentHashMap<>();

  InFlight(int workers, int maxPerWebhook) {
    this.workers = workers;
    this.maxPerWebhook = maxPerWebhook;
    this.maxPerRealm = shareOfARealm(workers);
  }

  /** Half the workers, at least one: what one realm may take while others may need workers. */
  static int shareOfARealm(int workers) {
    return Math.max(1, (workers + 1) / 2);
  }

  int freeWorkers() {
    return workers - total.get();
  }

  /** How many more attempts may start per webhook and per realm, as things stand now. */
  ClaimCaps caps() {
    return new ClaimCaps(maxPerWebhook, maxPerRealm, counts(perWebhook), counts(perRealm));
  }

  void started(ClaimedDelivery delivery) {
    total.incrementAndGet();
    perWebhook.computeIfAbsent(delivery.webhookId(), id -> new AtomicInteger()).incrementAndGet();
    perRealm.computeIfAbsent(delivery.realmId(), id -> new AtomicInteger()).incrementAndGet();
  }

  void finished(ClaimedDelivery delivery) {
    perWebhook.get(delivery.webhookId()).decrementAndGet();
    perRealm.get(delivery.realmId()).decrementAndGet();
    total.decrementAndGet();
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
}
