package io.kcwebhooks.delivery;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@value #PER_HOUR} alert emails per realm in any hour, on each node: a realm
 * administrator who can name an alert address must not be able to send mail through the realm's
 * SMTP server at will, for instance by enabling a webhook again and again against a receiver that
 * answers 410.
 */
final class AlertMailBudget {

  static final int PER_HOUR = 5;
  private static final long HOUR_MILLIS = 3_600_000;

  private final Map<String, Deque<Long>> sentAt = new HashMap<>();

  /** Takes one email from the realm's budget; false when the last hour used it up. */
  synchronized boolean take(String realmId, long now) {
    Deque<Long> times = sentAt.computeIfAbsent(realmId, key -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= HOUR_MILLIS) {
      times.pollFirst();
    }
    if (times.size() >= PER_HOUR) {
      return false;
    }
    times.addLast(now);
    return true;
  }
}
