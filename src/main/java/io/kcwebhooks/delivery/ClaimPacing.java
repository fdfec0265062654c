package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;

/**
 * When the dispatcher claims again before its next poll. It does while a backlog lasts, but only
 * once a claim can take at least half the waiting room, so that each claim transaction takes many
 * rows. After a full claim that filled some webhook's or realm's share, a claim that leaves them
 * out follows at once, so that others' due work does not wait behind their backlog; when such a
 * claim finds nothing, the next one waits for the poll, since looking past a large backlog costs
 * the database a scan of it.
 */
final class ClaimPacing {

  private final long pollMillis;
  private final int worthIt;
  private volatile boolean soon;
  private long othersFoundIdleAt = Long.MIN_VALUE / 2;

  ClaimPacing(long pollMillis, int waitingRoom) {
    this.pollMillis = pollMillis;
    this.worthIt = Math.max(1, waitingRoom / 2);
  }

  /** Work may be due now: new deliveries went to the database, or a full share emptied. */
  void claimSoon() {
    soon = true;
  }

  boolean claimNow(boolean pollDue, HeldDeliveries held) {
    return pollDue || (soon && held.hasRoomFor(worthIt));
  }

  /** Called as a claim starts; what arrives meanwhile calls for the next one. */
  void claiming() {
    soon = false;
  }

  /**
   * @param caps the claim's caps after it took its deliveries
   * @param leftSomeOut whether the claim's query left saturated webhooks or realms out
   */
  void claimed(Claimer.Due due, ClaimCaps caps, boolean leftSomeOut, long now) {
    if (leftSomeOut && !due.tookSome()) {
      othersFoundIdleAt = now;
    }
    boolean filledSome = !caps.saturatedWebhooks().isEmpty() || !caps.saturatedRealms().isEmpty();
    boolean othersRecentlyIdle = now - othersFoundIdleAt < pollMillis;
    if (due.moreMayBeDue() && due.tookSome() && !(filledSome && othersRecentlyIdle)) {
      soon = true;
    }
  }
}
