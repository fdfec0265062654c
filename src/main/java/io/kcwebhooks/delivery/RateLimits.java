package io.kcwebhooks.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * When each webhook may start its next attempt on this node: no sooner than its {@code
 * maxRequestsPerSecond} allows, and not before the end of a pause its receiver asked for with
 * {@code Retry-After}. A limited webhook's starts are spaced evenly, without bursts, so that no
 * second holds more of them than the limit. Times are in microseconds, so that limits above 1,000
 * per second keep their spacing.
 *
 * <p>Not thread-safe: {@link HeldDeliveries} calls it under its own lock.
 */
final class RateLimits {

  /** Past this many webhooks, those already free to start are forgotten. */
  private static final int PRUNE_ABOVE = 1_000;

  private final Map<String, Long> nextStart = new HashMap<>();

  /** Whether the webhook may start an attempt at {@code now}; if so, that start is counted. */
  boolean tryStart(String webhookId, int maxPerSecond, long nowMicros) {
    long next = nextStartOf(webhookId);
    if (nowMicros < next) {
      return false;
    }
    if (maxPerSecond > 0) {
      remember(webhookId, Math.max(next, nowMicros) + 1_000_000L / maxPerSecond, nowMicros);
    }
    return true;
  }

  /** When the webhook may start again; long ago when it may start now. */
  long nextStartOf(String webhookId) {
    return nextStart.getOrDefault(webhookId, Long.MIN_VALUE);
  }

  /** Holds the webhook's attempts back until {@code untilMicros}, as its receiver asked. */
  void pause(String webhookId, long untilMicros, long nowMicros) {
    remember(webhookId, Math.max(untilMicros, nextStartOf(webhookId)), nowMicros);
  }

  private void remember(String webhookId, long next, long nowMicros) {
    nextStart.put(webhookId, next);
    if (nextStart.size() > PRUNE_ABOVE) {
      nextStart.values().removeIf(start -> start <= nowMicros);
    }
  }
}
