package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deliveries a node holds, all leased to it: those waiting for a worker, in arrival order, and
 * those being sent. It decides which waiting ones may start (free workers, and no webhook or realm
 * over its share of them) and how many more a claim may take of each webhook and realm, so that a
 * claim can take many rows in one transaction while one webhook's or realm's backlog still leaves
 * room, in memory and in workers, for the others. A webhook's rate limit, and a pause its receiver
 * asked for, keep its deliveries waiting here too.
 *
 * <p>A realm's webhooks on probation ({@link Standing}: new to this node, or their last attempt
 * failed) together send at most half of its share and hold at most half of its room: the rest is
 * kept for the webhooks that answer.
 *
 * <p>Thread-safe: the dispatcher's loop and the workers call it.
 */
final class HeldDeliveries {

  /** A delivery waiting for a worker, and when its lease ends. */
  record Waiting(SendJob job, long leaseEnd) {}

  private final int workers;
  private final int sendingPerWebhook;
  private final int sendingPerRealm;
  private final int capacity;
  private final int heldPerWebhook;
  private final int heldPerRealm;
  private final ClaimCaps.Limits probation;
  private final int sendingOnProbationPerRealm;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final Map<String, SendJob> sending = new HashMap<>();
  private final Tally sendingBy = new Tally();
  private final Tally heldBy = new Tally();
  private final Set<String> blockedWebhooks = new HashSet<>();
  private final Set<String> blockedRealms = new HashSet<>();
  private final RateLimits rates = new RateLimits();
  private final Standing standing = new Standing();
  private long nextRateStartMicros = Long.MAX_VALUE;
  private int reserved;

  /**
   * @param workers most deliveries sent at once
   * @param sendingPerWebhook most sent at once for one webhook
   * @param sendingPerRealm most sent at once for one realm
   * @param capacity most deliveries waiting for a worker
   */
  HeldDeliveries(int workers, int sendingPerWebhook, int sendingPerRealm, int capacity) {
    this.workers = workers;
    this.sendingPerWebhook = sendingPerWebhook;
    this.sendingPerRealm = sendingPerRealm;
    this.capacity = capacity;
    // A quarter of the waiting room per webhook and half per realm, on top of what they may send:
    // claims stay large, and the rest of the room is left to the others.
    this.heldPerWebhook = sendingPerWebhook + Math.max(1, capacity / 4);
    this.heldPerRealm = sendingPerRealm + Math.max(1, capacity / 2);
    this.probation = new ClaimCaps.Limits(heldPerWebhook, Math.max(1, heldPerRealm / 2));
    this.sendingOnProbationPerRealm = Math.max(1, sendingPerRealm / 2);
  }

  /** Half the workers, at least one: what one realm may send while others may need workers. */
  static int shareOfARealm(int workers) {
    return Math.max(1, (workers + 1) / 2);
  }

  /**
   * Adds new deliveries and returns those it did not take: all of them when they do not fit in the
   * waiting room together, those of a rate-limited webhook beyond its share of the room, and those
   * of webhooks on probation beyond their realm's probation room, which would otherwise fill the
   * room while they wait for their turn and keep other webhooks' work out.
   */
  synchronized List<Waiting> offer(List<Waiting> deliveries) {
    List<Waiting> taken = new ArrayList<>(deliveries.size());
    List<Waiting> refused = new ArrayList<>();
    Map<String, Integer> adding = new HashMap<>();
    Map<String, Integer> onProbation = null;
    for (Waiting delivery : deliveries) {
      SendJob job = delivery.job();
      boolean proven = standing.isProven(job.delivery().webhookId());
      if (!proven && onProbation == null) {
        onProbation = heldOnProbationByRealm();
      }
      if (isRateLimited(job) || !proven) {
        String webhookId = job.delivery().webhookId();
        String realmId = job.delivery().realmId();
        if (heldBy.webhook(job) + adding.getOrDefault(webhookId, 0) >= heldPerWebhook
            || (!proven && onProbation.getOrDefault(realmId, 0) >= probation.perRealm())) {
          refused.add(delivery);
          continue;
        }
        adding.merge(webhookId, 1, Integer::sum);
        if (!proven) {
          onProbation.merge(realmId, 1, Integer::sum);
        }
      }
      taken.add(delivery);
    }
    if (waiting.size() + reserved + taken.size() > capacity) {
      return deliveries;
    }
    taken.forEach(this::hold);
    return refused;
  }

  private static boolean isRateLimited(SendJob job) {
    return job.endpoint().options().maxRequestsPerSecond() > 0;
  }

  /** Deliveries held of webhooks on probation, per realm: a walk over at most the waiting room. */
  private Map<String, Integer> heldOnProbationByRealm() {
    Map<String, Integer> held = new HashMap<>();
    waiting.forEach(w -> countIfOnProbation(held, w.job()));
    sending.values().forEach(job -> countIfOnProbation(held, job));
    return held;
  }

  private void countIfOnProbation(Map<String, Integer> counts, SendJob job) {
    if (!standing.isProven(job.delivery().webhookId())) {
      counts.merge(job.delivery().realmId(), 1, Integer::sum);
    }
  }

  /**
   * Room for a claim, set aside until {@link #addClaimed} so that new deliveries cannot take it.
   */
  synchronized int reserveRoom() {
    int room = Math.max(0, capacity - waiting.size() - reserved);
    reserved += room;
    return room;
  }

  /** Whether a claim could take at least {@code share} of the waiting room. */
  synchronized boolean hasRoomFor(int share) {
    return capacity - waiting.size() - reserved >= share;
  }

  /** Whether some webhook or realm is full, so that a claim now would have to leave it out. */
  synchronized boolean claimWouldLeaveSomeOut() {
    return claimCaps().leaveSomeOut();
  }

  synchronized ClaimCaps claimCaps() {
    return new ClaimCaps(
        new ClaimCaps.Limits(heldPerWebhook, heldPerRealm),
        probation,
        standing.proven(),
        heldBy.webhooks,
        heldBy.realms,
        heldOnProbationByRealm());
  }

  /**
   * Adds what a claim took and frees its reserved room. The webhooks and realms the claim filled up
   * are remembered: more of theirs may be due, and a claim is worth it again once they are half
   * empty.
   */
  synchronized void addClaimed(List<Waiting> claimed, int reservedRoom, ClaimCaps caps) {
    reserved -= reservedRoom;
    claimed.forEach(this::hold);
    blockedWebhooks.addAll(caps.saturatedWebhooks());
    blockedRealms.addAll(caps.saturatedRealms());
  }

  /**
   * Takes the waiting deliveries that may start now, in arrival order, skipping those whose webhook
   * or realm sends all it may, or whose webhook's rate limit or pause holds it back; they count as
   * sending from here on.
   */
  synchronized List<Waiting> takeStartable(long nowMillis) {
    long now = nowMillis * 1000;
    nextRateStartMicros = Long.MAX_VALUE;
    List<Waiting> startable = new ArrayList<>();
    Map<String, Integer> sendingOnProbation = new HashMap<>();
    sending.values().forEach(job -> countIfOnProbation(sendingOnProbation, job));
    Iterator<Waiting> it = waiting.iterator();
    while (it.hasNext() && sending.size() < workers) {
      Waiting next = it.next();
      SendJob job = next.job();
      boolean proven = standing.isProven(job.delivery().webhookId());
      if (sendingBy.webhook(job) < sendingPerWebhook
          && sendingBy.realm(job) < sendingPerRealm
          && (proven
              || sendingOnProbation.getOrDefault(job.delivery().realmId(), 0)
                  < sendingOnProbationPerRealm)
          && rateAllows(job, now)) {
        it.remove();
        sending.put(job.delivery().id(), job);
        sendingBy.add(job, 1);
        startable.add(next);
        if (!proven) {
          sendingOnProbation.merge(job.delivery().realmId(), 1, Integer::sum);
        }
      }
    }
    return startable;
  }

  private boolean rateAllows(SendJob job, long nowMicros) {
    String webhookId = job.delivery().webhookId();
    int limit = job.endpoint().options().maxRequestsPerSecond();
    if (rates.tryStart(webhookId, limit, nowMicros)) {
      return true;
    }
    nextRateStartMicros = Math.min(nextRateStartMicros, rates.nextStartOf(webhookId));
    return false;
  }

  /** Notes how an attempt of the webhook ended; says whether its standing changed. */
  synchronized Standing.Change answered(
      String webhookId, String realmId, boolean succeeded, long nowMillis) {
    return standing.answered(webhookId, realmId, succeeded, nowMillis);
  }

  /** Webhooks held back because their last attempt here failed: a gauge. */
  synchronized int heldBackWebhooks() {
    return standing.failing();
  }

  /**
   * When the last {@link #takeStartable} left a delivery waiting for its webhook's rate or pause,
   * the earliest time one of them may start, in milliseconds; otherwise {@code Long.MAX_VALUE}.
   */
  synchronized long nextRateStart() {
    return nextRateStartMicros == Long.MAX_VALUE
        ? Long.MAX_VALUE
        : Math.floorDiv(nextRateStartMicros + 999, 1000);
  }

  /** Holds back the webhook's deliveries on this node until {@code untilMillis}. */
  synchronized void pause(String webhookId, long untilMillis, long nowMillis) {
    rates.pause(webhookId, untilMillis * 1000, nowMillis * 1000);
  }

  /** A started delivery whose claim was renewed under a new token. */
  synchronized void renewed(SendJob job) {
    sending.put(job.delivery().id(), job);
  }

  /**
   * Forgets a delivery that was started, sent or not. True when its webhook or realm had been
   * filled by a claim and is now half empty, so that another claim may find more of its work.
   */
  synchronized boolean finished(SendJob job) {
    sending.remove(job.delivery().id());
    sendingBy.add(job, -1);
    heldBy.add(job, -1);
    boolean webhookFreed =
        heldBy.webhook(job) <= heldPerWebhook / 2
            && blockedWebhooks.remove(job.delivery().webhookId());
    boolean realmFreed =
        heldBy.realm(job) <= heldPerRealm / 2 && blockedRealms.remove(job.delivery().realmId());
    return webhookFreed || realmFreed;
  }

  synchronized int freeWorkers() {
    return workers - sending.size();
  }

  synchronized List<SendJob> sending() {
    return List.copyOf(sending.values());
  }

  /** Empties the waiting room, for a node that stops. */
  synchronized List<Waiting> takeAllWaiting() {
    List<Waiting> all = new ArrayList<>(waiting);
    waiting.clear();
    all.forEach(w -> heldBy.add(w.job(), -1));
    return all;
  }

  private void hold(Waiting delivery) {
    waiting.add(delivery);
    heldBy.add(delivery.job(), 1);
  }
}
