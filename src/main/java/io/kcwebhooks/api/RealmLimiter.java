package io.kcwebhooks.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API calls that make this node send on an admin's word (test pings, resends and replays), per
 * realm on this node: a burst of {@link #BURST}, then one every {@link #REFILL_MILLIS}. Each is a
 * real request to a receiver the admin picked, so without a budget one realm's admin could aim the
 * server at somebody's endpoint in a loop, or fill the workers every realm shares. The budget
 * belongs to the realm, not to a webhook, so deleting and re-creating webhooks does not refill it.
 */
final class RealmLimiter {

  static final int BURST = 30;
  static final long REFILL_MILLIS = 1_000;

  /**
   * Per realm id, when its bucket would be full again; a call adds REFILL_MILLIS to it. One small
   * entry per realm that ever called, which is bounded by the realms there are.
   */
  private final Map<String, Long> fullAt = new ConcurrentHashMap<>();

  /** Takes one call for the realm and returns 0, or returns how long to wait for the next one. */
  long acquire(String realmId, long now) {
    long[] wait = new long[1];
    fullAt.compute(
        realmId,
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

  /** Takes one call for the realm, or refuses the request with 429 and when to try again. */
  void require(String realmId, String what) {
    long wait = acquire(realmId, System.currentTimeMillis());
    if (wait > 0) {
      long seconds = (wait + 999) / 1000;
      throw ApiError.tooManyRequests(
          "too many test pings, resends and replays in this realm: "
              + BURST
              + " in a row, then one every "
              + REFILL_MILLIS
              + " ms; "
              + what
              + " again in "
              + seconds
              + " s",
          seconds);
    }
  }
}
