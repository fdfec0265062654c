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

  private static final int RECHECK_POLLS = 5;

  private final long recheckMillis;
  private final int worthIt;
  private volatile boolean soon;
  private volatile long othersFoundIdleAt = Long.MIN_VALUE / 2;

  ClaimPacing(long pollMillis, int waitingRoom) {
    this.recheckMillis = RECHECK_POLLS * pollMillis;
    this.worthIt = Math.max(1, waitingRoom / 2);
  }

  /** Work may be due now: a full share emptied. */
  void claimSoon() {
    soon = true;
  }

  /**
   * New deliveries went to the database: a claim should find them even if it has to leave full
   * webhooks or realms out, however recently such a claim found nothing.
   */
  void workQueued() {
    othersFoundIdleAt = Long.MIN_VALUE / 2;
    soon = true;
  }

  boolean claimNow(boolean pollDue, HeldDeliveries held, long now) {
    if (!pollDue && !(soon && held.hasRoomFor(worthIt))) {
      return false;
    }
    return !(held.claimWouldLeaveSomeOut() && othersRecentlyIdle(now));
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
    boolean filledSome = caps.leaveSomeOut();
    if (due.moreMayBeDue() && due.tookSome() && !(filledSome && othersRecentlyIdle(now))) {
      soon = true;
    }
  }

  private boolean othersRecentlyIdle(long now) {
    return now - othersFoundIdleAt < recheckMillis;
  }
}
