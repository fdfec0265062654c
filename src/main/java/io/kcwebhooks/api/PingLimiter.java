package io.kcwebhooks.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test pings per webhook on this node: a burst of {@link #BURST}, then one every {@link
 * #REFILL_MILLIS}. A ping makes a real request to the receiver, so an unbounded button would let an
 * admin aim the server at somebody else's endpoint in a loop.
 */
final class PingLimiter {

  static final int BURST = 3;
  static final long REFILL_MILLIS = 10_000;
  private static final int MAX_TRACKED = 10_000;

  /** Per webhook, when its bucket would be full again; a ping adds REFILL_MILLIS to it. */
  private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

  /** Takes a ping for the webhook and returns 0, or returns how long to wait for the next one. */
  long acquire(String webhookId, long now) {
    forgetIdleWhenLarge(now);
    long[] wait = new long[1];
    fullAt.compute(
        webhookId,
        (id, full) -> {
          long start = full == null ? now : Math.max(full, now);
          long next = start + REFILL_MILLIS;
          long overdraft = next - now - BURST * REFILL_MILLIS;
          if (overdraft > 0) {
            wait[0] = overdraft;
            return full;
          }
          return next;
        });
    return wait[0];
  }

  private void forgetIdleWhenLarge(long now) {
    if (fullAt.size() > MAX_TRACKED) {
      fullAt.values().removeIf(full -> full <= now);
    }
  }
}
