package io.kcwebhooks.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * What this node has seen of each webhook's receiver. A webhook is proven once its last attempt
 * here succeeded; any other webhook, new to this node or failing, is on probation, and {@link
 * HeldDeliveries} keeps all of a realm's webhooks on probation to half of the realm's share, so
 * that receivers that hang or fail cannot take the workers that healthy neighbours need.
 *
 * <p>A webhook not attempted here for {@link #FORGET_AFTER_MILLIS} is forgotten, so that deleted
 * webhooks neither fill the memory nor count as held back. Not thread-safe: {@link HeldDeliveries}
 * guards it.
 */
final class Standing {

  static final long FORGET_AFTER_MILLIS = 3_600_000;

  /** What an outcome changed. */
  enum Change {
    NONE,
    NOW_FAILING,
    RECOVERED
  }

  private record Seen(String realmId, boolean succeeded, long at) {}

  private final Map<String, Seen> seen = new HashMap<>();
  private long nextSweep;

  Change answered(String webhookId, String realmId, boolean succeeded, long now) {
    forgetIdle(now);
    Seen before = seen.put(webhookId, new Seen(realmId, succeeded, now));
    boolean wasFailing = before != null && !before.succeeded();
    if (succeeded) {
      return wasFailing ? Change.RECOVERED : Change.NONE;
    }
    return wasFailing ? Change.NONE : Change.NOW_FAILING;
  }

  boolean isProven(String webhookId) {
    Seen last = seen.get(webhookId);
    return last != null && last.succeeded();
  }

  /** Webhooks whose last attempt here failed. */
  int failing() {
    return (int) seen.values().stream().filter(last -> !last.succeeded()).count();
  }

  /** The realm id of each proven webhook. */
  Map<String, String> proven() {
    Map<String, String> proven = new HashMap<>();
    seen.forEach(
        (webhook, last) -> {
          if (last.succeeded()) {
            proven.put(webhook, last.realmId());
          }
        });
    return proven;
  }

  /** At most once a minute: a walk over every webhook seen. */
  private void forgetIdle(long now) {
    if (now < nextSweep) {
      return;
    }
    nextSweep = now + 60_000;
    seen.values().removeIf(last -> now - last.at() > FORGET_AFTER_MILLIS);
  }
}
