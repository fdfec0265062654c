package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * The outbox's reads and writes. Every method runs in the caller's transaction; callers keep those
 * transactions short and never do network I/O inside them.
 */
public final class OutboxStore {

  /** Hibernate's value for SKIP LOCKED, so that nodes claiming at once take different rows. */
  private static final int SKIP_LOCKED = -2;

  private final EntityManager em;
  // Asked only when claiming, so that the event listener's path never looks at the database kind.
  private final BooleanSupplier preciseLocks;

  private OutboxStore(EntityManager em, BooleanSupplier preciseLocks) {
    this.em = em;
    this.preciseLocks = preciseLocks;
  }

  /** The outbox in the session's transaction. */
  public static OutboxStore of(KeycloakSession session) {
    return new OutboxStore(
        session.getProvider(JpaConnectionProvider.class).getEntityManager(),
        () -> RowLocking.locksOnlyReturnedRows(session));
  }

  /**
   * How long a new delivery stays leased to the node whose transaction wrote it. That node sends it
   * right after the commit; if it dies first, any node takes the delivery once this has passed.
   */
  public static final long HANDOVER_LEASE_MILLIS = 30_000;

  /**
   * Stores the event once and one pending delivery per webhook, in the caller's (producing)
   * transaction: nothing exists for activity that rolls back. The deliveries are born leased to
   * this node, so that sending them needs no further claim.
   */
  public List<NewDelivery> enqueue(
      String realmId, String eventType, String payload, List<Endpoint> endpoints, long now) {
    EventRecord event = new EventRecord(newId(), realmId, eventType, payload, now);
    em.persist(event);
    String token = newId();
    long leaseEnd = now + HANDOVER_LEASE_MILLIS;
    List<NewDelivery> created = new ArrayList<>(endpoints.size());
    for (Endpoint endpoint : endpoints) {
      Delivery delivery = new Delivery(newId(), event, endpoint.webhookId(), token, leaseEnd);
      em.persist(delivery);
      created.add(
          new NewDelivery(
              delivery.getId(), endpoint, realmId, eventType, payload, token, leaseEnd));
    }
    return created;
  }

  /**
   * Renews the lease of new deliveries that waited on this node so long that their hand-over lease
   * might end while they are sent. Those another node took meanwhile are left out.
   */
  public List<ClaimedDelivery> renewLeases(List<NewDelivery> deliveries, long leaseEnd) {
    String token = newId();
    List<ClaimedDelivery> renewed = new ArrayList<>();
    for (NewDelivery delivery : deliveries) {
      int updated =
          em.createQuery(
                  "update Delivery d set d.claimToken = :token, d.nextAttemptAt = :leaseEnd"
                      + " where d.id = :id and d.claimToken = :old")
              .setParameter("token", token)
              .setParameter("leaseEnd", leaseEnd)
              .setParameter("id", delivery.id())
              .setParameter("old", delivery.claimToken())
              .executeUpdate();
      if (updated == 1) {
        renewed.add(delivery.asClaimed(token));
      }
    }
    return renewed;
  }

  /**
   * Leases up to {@code limit} due deliveries to this caller until {@code leaseEnd}, skipping rows
   * other nodes hold locked and taking no more per webhook and per realm than {@code caps} allows.
   * Each claim counts the attempt it is for. A due delivery whose schedule is already used up,
   * because its attempts were started but their outcomes never recorded (its node stopped while
   * sending, again and again), is ended failed instead of being sent once more.
   *
   * @param maxAttempts the attempts a delivery gets after each (re)queue
   */
  public Claimed claimDue(long now, int limit, long leaseEnd, ClaimCaps caps, int maxAttempts) {
    return preciseLocks.getAsBoolean()
        ? claimLocked(now, limit, leaseEnd, caps, maxAttempts)
        : claimUnlocked(now, limit, leaseEnd, caps, maxAttempts);
  }

  /**
   * What a claim did.
   *
   * @param deliveries the deliveries leased to the caller
   * @param gaveUp how many due deliveries it ended failed because their schedule was used up
   * @param moreMayBeDue whether the claim's query found as many due rows as it asked for
   */
  public record Claimed(List<ClaimedDelivery> deliveries, int gaveUp, boolean moreMayBeDue) {}

  /** Locks due rows, skipping those other nodes hold, and claims them. */
  private Claimed claimLocked(long now, int limit, long leaseEnd, ClaimCaps caps, int maxAttempts) {
    List<Delivery> due =
        dueQuery("d", Delivery.class, now, limit, caps)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
            .getResultList();
    List<Delivery> claimed = new ArrayList<>(due.size());
    int gaveUp = 0;
    for (Delivery delivery : due) {
      int started = delivery.attemptsSinceQueued();
      if (scheduleUsedUp(started, delivery.getEventType(), maxAttempts)) {
        delivery.abandon(gaveUpReason(started), now, delivery.getAttempts());
        gaveUp++;
      } else if (caps.admit(delivery.getWebhookId(), delivery.getRealmId())) {
        delivery.claim(newId(), leaseEnd);
        claimed.add(delivery);
      }
    }
    return new Claimed(claimedWithBodies(claimed), gaveUp, due.size() == limit);
  }

  /**
   * Picks due rows without locking them and lets a conditional update take those still due; a row
   * another transaction claimed first is no longer due and is left out.
   */
  private Claimed claimUnlocked(
      long now, int limit, long leaseEnd, ClaimCaps caps, int maxAttempts) {
    List<Object[]> due =
        dueQuery(
                "d.id, d.attempts - d.retryBase, d.eventType, d.webhookId, d.realmId",
                Object[].class,
                now,
                limit,
                caps)
            .getResultList();
    List<String> ids = new ArrayList<>(due.size());
    int gaveUp = 0;
    for (Object[] row : due) {
      String id = (String) row[0];
      int started = ((Number) row[1]).intValue();
      if (scheduleUsedUp(started, (String) row[2], maxAttempts)) {
        gaveUp += giveUpIfDue(id, gaveUpReason(started), now);
      } else if (caps.admit((String) row[3], (String) row[4])) {
        ids.add(id);
      }
    }
    boolean moreMayBeDue = due.size() == limit;
    if (ids.isEmpty()) {
      return new Claimed(List.of(), gaveUp, moreMayBeDue);
    }
    String token = newId();
    em.createQuery(
            "update Delivery d set d.claimToken = :token, d.nextAttemptAt = :leaseEnd,"
                + " d.attempts = d.attempts + 1"
                + " where d.id in :ids and d.status = :pending and d.nextAttemptAt <= :now")
        .setParameter("token", token)
        .setParameter("leaseEnd", leaseEnd)
        .setParameter("ids", ids)
        .setParameter("pending", DeliveryStatus.PENDING)
        .setParameter("now", now)
        .executeUpdate();
    List<Delivery> claimed =
        em.createQuery(
                "select d from Delivery d where d.id in :ids and d.claimToken = :token",
                Delivery.class)
            .setParameter("ids", ids)
            .setParameter("token", token)
            .getResultList();
    return new Claimed(claimedWithBodies(claimed), gaveUp, moreMayBeDue);
  }

  private int giveUpIfDue(String id, String reason, long now) {
    return em.createQuery(
            "update Delivery d set d.status = :failed, d.lastError = :reason,"
                + " d.claimToken = null, d.completedAt = :now"
                + " where d.id = :id and d.status = :pending and d.nextAttemptAt <= :now")
        .setParameter("failed", DeliveryStatus.FAILED)
        .setParameter("reason", reason)
        .setParameter("now", now)
        .setParameter("id", id)
        .setParameter("pending", DeliveryStatus.PENDING)
        .executeUpdate();
  }

  /** Test pings get one attempt whatever the schedule says. */
  private static boolean scheduleUsedUp(int attemptsStarted, String eventType, int maxAttempts) {
    int allowed = eventType.startsWith(ClaimedDelivery.SYSTEM_PREFIX) ? 1 : maxAttempts;
    return attemptsStarted >= allowed;
  }

  static String gaveUpReason(int attemptsStarted) {
    String started =
        attemptsStarted == 1 ? "1 attempt was started" : attemptsStarted + " attempts were started";
    return "gave up: "
        + started
        + " and the last could not be recorded; the node may have stopped while sending";
  }

  private List<ClaimedDelivery> claimedWithBodies(List<Delivery> deliveries) {
    if (deliveries.isEmpty()) {
      return List.of();
    }
    Map<String, String> payloads = payloadsOf(deliveries);
    List<ClaimedDelivery> claimed = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      claimed.add(
          new ClaimedDelivery(
              delivery.getId(),
              delivery.getWebhookId(),
              delivery.getRealmId(),
              delivery.getEventType(),
              delivery.getAttempts(),
              delivery.attemptsSinceQueued(),
              delivery.getClaimToken(),
              ClaimedDelivery.bodyOf(delivery.getId(), payloads.get(delivery.getEvent().getId()))));
    }
    return claimed;
  }

  private <T> TypedQuery<T> dueQuery(
      String selected, Class<T> type, long now, int limit, ClaimCaps caps) {
    Set<String> saturatedWebhooks = caps.saturatedWebhooks();
    Set<String> saturatedRealms = caps.saturatedRealms();
    String webhooks = saturatedWebhooks.isEmpty() ? "" : " and d.webhookId not in :webhooks";
    String realms = saturatedRealms.isEmpty() ? "" : " and d.realmId not in :realms";
    TypedQuery<T> query =
        em.createQuery(
                "select "
                    + selected
                    + " from Delivery d where d.status = :pending and d.nextAttemptAt <= :now"
                    + webhooks
                    + realms
                    + " order by d.nextAttemptAt",
                type)
            .setParameter("pending", DeliveryStatus.PENDING)
            .setParameter("now", now)
            .setMaxResults(limit);
    if (!saturatedWebhooks.isEmpty()) {
      query.setParameter("webhooks", saturatedWebhooks);
    }
    if (!saturatedRealms.isEmpty()) {
      query.setParameter("realms", saturatedRealms);
    }
    return query;
  }

  private Map<String, String> payloadsOf(List<Delivery> deliveries) {
    List<String> eventIds = deliveries.stream().map(d -> d.getEvent().getId()).distinct().toList();
    return em.createQuery(
            "select e.id, e.payload from EventRecord e where e.id in :ids", Object[].class)
        .setParameter("ids", eventIds)
        .getResultStream()
        .collect(Collectors.toMap(row -> (String) row[0], row -> (String) row[1]));
  }

  /**
   * Finds the delivery only while the caller's claim on it still holds; a claim whose lease ran out
   * may have passed to another node, whose outcome must win.
   */
  private Delivery stillClaimed(ClaimedDelivery claim) {
    Delivery delivery = em.find(Delivery.class, claim.id(), LockModeType.PESSIMISTIC_WRITE);
    if (delivery == null || !claim.claimToken().equals(delivery.getClaimToken())) {
      return null;
    }
    return delivery;
  }

  /** Records the attempt and schedules the next one. Returns false when the claim was lost. */
  public boolean recordRetry(ClaimedDelivery claim, AttemptOutcome outcome, long nextAttemptAt) {
    return recordAttempt(claim, outcome, DeliveryStatus.PENDING, nextAttemptAt, null);
  }

  /** Records the attempt and ends the delivery. Returns false when the claim was lost. */
  public boolean recordFinal(
      ClaimedDelivery claim, AttemptOutcome outcome, DeliveryStatus status, long now) {
    return recordAttempt(claim, outcome, status, now, now);
  }

  /**
   * One conditional update instead of a locking read and a write: it only applies while the
   * caller's claim token is still on the row, so a claim lost to an expired lease changes nothing.
   * The attempt was counted when it was claimed.
   */
  private boolean recordAttempt(
      ClaimedDelivery claim,
      AttemptOutcome outcome,
      DeliveryStatus status,
      long nextAttemptAt,
      Long completedAt) {
    int updated =
        em.createQuery(
                "update Delivery d set d.status = :status,"
                    + " d.lastHttpStatus = :httpStatus, d.lastError = :error,"
                    + " d.claimToken = null, d.nextAttemptAt = :next, d.completedAt = :completed"
                    + " where d.id = :id and d.claimToken = :token")
            .setParameter("status", status)
            .setParameter("httpStatus", outcome.httpStatus())
            .setParameter("error", outcome.error())
            .setParameter("next", nextAttemptAt)
            .setParameter("completed", completedAt)
            .setParameter("id", claim.id())
            .setParameter("token", claim.claimToken())
            .executeUpdate();
    if (updated == 0) {
      return false;
    }
    em.persist(new Attempt(newId(), claim.id(), claim.attemptNo(), outcome));
    return true;
  }

  /**
   * Ends a claimed delivery without sending it, e.g. because its webhook was deleted or disabled;
   * the attempt its claim counted is taken back.
   */
  public void abandon(ClaimedDelivery claim, String reason, long now) {
    Delivery delivery = stillClaimed(claim);
    if (delivery != null) {
      delivery.abandon(reason, now, claim.attemptNo() - 1);
    }
  }

  /**
   * Makes new deliveries this node will not send itself due at once, for any node, and takes back
   * the attempt counted at their birth. Those another node has taken meanwhile are left alone.
   */
  public void releaseUnsent(Collection<NewDelivery> deliveries, long now) {
    if (deliveries.isEmpty()) {
      return;
    }
    em.createQuery(
            "update Delivery d set d.claimToken = null, d.nextAttemptAt = :now,"
                + " d.attempts = d.attempts - 1"
                + " where d.id in :ids and d.claimToken in :tokens")
        .setParameter("now", now)
        .setParameter("ids", deliveries.stream().map(NewDelivery::id).toList())
        .setParameter(
            "tokens", deliveries.stream().map(NewDelivery::claimToken).distinct().toList())
        .executeUpdate();
  }

  /**
   * Gives claimed deliveries back at once, for a node that stops while sending them; the attempt
   * stays counted, since the receiver may have got it.
   */
  public void release(ClaimedDelivery claim, long now) {
    Delivery delivery = stillClaimed(claim);
    if (delivery != null) {
      delivery.retryAt(now);
    }
  }

  /**
   * Queues one delivery again at once. A delivery that is still pending is left alone, so that a
   * double click does not send it twice.
   *
   * @return false when the delivery was already pending
   */
  public boolean resend(Delivery delivery, long now) {
    if (delivery.getStatus() == DeliveryStatus.PENDING) {
      return false;
    }
    delivery.requeue(now);
    return true;
  }

  /**
   * Queues again up to {@code limit} failed deliveries of the webhook created in [since, until).
   * Callers repeat it, one transaction per batch, until it returns fewer than the limit.
   */
  public int replayFailed(String webhookId, long since, long until, int limit, long now) {
    List<Delivery> failed =
        em.createQuery(
                "select d from Delivery d where d.webhookId = :webhook and d.status = :failed"
                    + " and d.createdAt >= :since and d.createdAt < :until order by d.createdAt",
                Delivery.class)
            .setParameter("webhook", webhookId)
            .setParameter("failed", DeliveryStatus.FAILED)
            .setParameter("since", since)
            .setParameter("until", until)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
            .setMaxResults(limit)
            .getResultList();
    failed.forEach(delivery -> delivery.requeue(now));
    return failed.size();
  }

  /**
   * Deletes up to {@code limit} finished deliveries completed before the cutoff, with their
   * attempts, and the events no delivery refers to any more. Rows another node is deleting at the
   * same moment are skipped, so nodes may run this at once.
   *
   * @return how many deliveries were deleted
   */
  public int purgeFinishedBefore(long cutoff, int limit) {
    // A finished delivery's nextAttemptAt is at most a lease after its completedAt (one abandoned
    // while claimed keeps its lease's end), so bounding it as well lets the index on status and
    // nextAttemptAt find the rows, and purges none of them more than a lease late.
    List<Delivery> old =
        em.createQuery(
                "select d from Delivery d where d.status in :finished"
                    + " and d.nextAttemptAt < :cutoff and d.completedAt < :cutoff",
                Delivery.class)
            .setParameter("finished", List.of(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED))
            .setParameter("cutoff", cutoff)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED)
            .setMaxResults(limit)
            .getResultList();
    if (old.isEmpty()) {
      return 0;
    }
    List<String> ids = old.stream().map(Delivery::getId).toList();
    List<String> eventIds = old.stream().map(d -> d.getEvent().getId()).distinct().toList();
    em.createQuery("delete from Attempt a where a.deliveryId in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    em.createQuery("delete from Delivery d where d.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
    em.createQuery(
            "delete from EventRecord e where e.id in :ids"
                + " and not exists (select d.id from Delivery d where d.event = e)")
        .setParameter("ids", eventIds)
        .executeUpdate();
    return ids.size();
  }

  /** Pending deliveries per realm: how many, and when the oldest was created. */
  public List<Backlog> backlog() {
    return em.createQuery(
            "select d.realmId, count(d), min(d.createdAt) from Delivery d"
                + " where d.status = :pending group by d.realmId",
            Object[].class)
        .setParameter("pending", DeliveryStatus.PENDING)
        .getResultStream()
        .map(row -> new Backlog((String) row[0], (Long) row[1], (Long) row[2]))
        .toList();
  }

  /** Ends a failure streak, if there was one. */
  public void noteSuccess(String webhookId) {
    em.createQuery(
            "update WebhookHealth h set h.failingSince = null"
                + " where h.webhookId = :webhook and h.failingSince is not null")
        .setParameter("webhook", webhookId)
        .executeUpdate();
  }

  /** Starts a failure streak unless one is running; returns when the running streak began. */
  public long noteFailure(String webhookId, String realmId, long now) {
    int started =
        em.createQuery(
                "update WebhookHealth h set h.failingSince = :now"
                    + " where h.webhookId = :webhook and h.failingSince is null")
            .setParameter("now", now)
            .setParameter("webhook", webhookId)
            .executeUpdate();
    if (started > 0) {
      return now;
    }
    WebhookHealth health = em.find(WebhookHealth.class, webhookId);
    if (health == null) {
      em.persist(new WebhookHealth(webhookId, realmId, now));
      return now;
    }
    return health.getFailingSince();
  }

  public void forgetHealth(String webhookId) {
    em.createQuery("delete from WebhookHealth h where h.webhookId = :webhook")
        .setParameter("webhook", webhookId)
        .executeUpdate();
  }

  public record Backlog(String realmId, long pending, long oldestCreatedAt) {}

  public Delivery find(String id) {
    return em.find(Delivery.class, id);
  }

  /** A page of a webhook's deliveries, newest first, optionally of one status and type. */
  public List<Delivery> listDeliveries(
      String webhookId, DeliveryStatus status, String eventType, int first, int max) {
    StringBuilder jpql = new StringBuilder("select d from Delivery d where d.webhookId = :webhook");
    if (status != null) {
      jpql.append(" and d.status = :status");
    }
    if (eventType != null) {
      jpql.append(" and d.eventType = :type");
    }
    jpql.append(" order by d.createdAt desc, d.id desc");
    TypedQuery<Delivery> query =
        em.createQuery(jpql.toString(), Delivery.class).setParameter("webhook", webhookId);
    if (status != null) {
      query.setParameter("status", status);
    }
    if (eventType != null) {
      query.setParameter("type", eventType);
    }
    return query.setFirstResult(first).setMaxResults(max).getResultList();
  }

  public List<Attempt> attemptsOf(String deliveryId) {
    return em.createQuery(
            "select a from Attempt a where a.deliveryId = :id order by a.attemptNo", Attempt.class)
        .setParameter("id", deliveryId)
        .getResultList();
  }

  /** Removes everything of a realm that is being deleted, in the deleting transaction. */
  public void deleteRealm(String realmId) {
    em.createQuery(
            "delete from Attempt a where a.deliveryId in"
                + " (select d.id from Delivery d where d.event.realmId = :realm)")
        .setParameter("realm", realmId)
        .executeUpdate();
    em.createQuery(
            "delete from Delivery d where d.event in"
                + " (select e from EventRecord e where e.realmId = :realm)")
        .setParameter("realm", realmId)
        .executeUpdate();
    em.createQuery("delete from EventRecord e where e.realmId = :realm")
        .setParameter("realm", realmId)
        .executeUpdate();
    em.createQuery("delete from WebhookHealth h where h.realmId = :realm")
        .setParameter("realm", realmId)
        .executeUpdate();
  }

  private static String newId() {
    return UUID.randomUUID().toString();
  }
}
