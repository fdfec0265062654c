package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.keycloak.models.KeycloakSession;

/** Leases due deliveries to the dispatcher that claims them. */
public final class Claims {

  private final EntityManager em;
  // Asked only when claiming, so that the event listener's path never looks at the database kind.
  private final BooleanSupplier preciseLocks;

  private Claims(EntityManager em, BooleanSupplier preciseLocks) {
    this.em = em;
    this.preciseLocks = preciseLocks;
  }

  /** Claims in the session's transaction. */
  public static Claims of(KeycloakSession session) {
    return new Claims(Jpa.entityManager(session), () -> RowLocking.locksOnlyReturnedRows(session));
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
        RowLocking.skippingLocked(dueQuery("d", Delivery.class, now, limit, caps)).getResultList();
    List<Delivery> claimed = new ArrayList<>(due.size());
    int gaveUp = 0;
    for (Delivery delivery : due) {
      int started = delivery.attemptsSinceQueued();
      if (scheduleUsedUp(started, delivery.getEventType(), maxAttempts)) {
        delivery.abandon(gaveUpReason(started), now, delivery.getAttempts());
        gaveUp++;
      } else if (caps.admit(delivery.getWebhookId(), delivery.getRealmId())) {
        delivery.claim(Jpa.newId(), leaseEnd);
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
    String token = Jpa.newId();
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
    int allowed = ClaimedDelivery.isTestPing(eventType) ? 1 : maxAttempts;
    return attemptsStarted >= allowed;
  }

  private static String gaveUpReason(int attemptsStarted) {
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
    Map<String, StoredEvent> events = eventsOf(deliveries);
    List<ClaimedDelivery> claimed = new ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      StoredEvent event = events.get(delivery.getEvent().getId());
      claimed.add(
          new ClaimedDelivery(
              delivery.getId(),
              delivery.getWebhookId(),
              delivery.getRealmId(),
              delivery.getEventType(),
              delivery.getAttempts(),
              delivery.attemptsSinceQueued(),
              delivery.getClaimToken(),
              event.producedBy(),
              ClaimedDelivery.bodyOf(delivery.getId(), event.payload())));
    }
    return claimed;
  }

  /**
   * Due rows, oldest first. The order names the index's leading column too, though the query fixes
   * it: H2 reads an index in order only for an ORDER BY that starts with the index's first column,
   * and otherwise sorts every due row to return the first few, which made each claim cost time in
   * proportion to the backlog.
   */
  private <T> TypedQuery<T> dueQuery(
      String selected, Class<T> type, long now, int limit, ClaimCaps caps) {
    Set<String> saturatedWebhooks = caps.saturatedWebhooks();
    Set<String> saturatedRealms = caps.saturatedRealms();
    Set<String> fullOnProbation = caps.realmsFullOnProbation();
    Set<String> provenThere = caps.provenWebhooksOf(fullOnProbation);
    String webhooks = saturatedWebhooks.isEmpty() ? "" : " and d.webhookId not in :webhooks";
    String realms = saturatedRealms.isEmpty() ? "" : " and d.realmId not in :realms";
    String probation = "";
    if (!fullOnProbation.isEmpty()) {
      probation =
          provenThere.isEmpty()
              ? " and d.realmId not in :probation"
              : " and (d.realmId not in :probation or d.webhookId in :proven)";
    }
    TypedQuery<T> query =
        em.createQuery(
                "select "
                    + selected
                    + " from Delivery d where d.status = :pending and d.nextAttemptAt <= :now"
                    + webhooks
                    + realms
                    + probation
                    + " order by d.status, d.nextAttemptAt",
                type)
            .setParameter("pending", DeliveryStatus.PENDING)
            .setParameter("now", now)
            .setMaxResults(limit);
    setIfAny(query, "webhooks", saturatedWebhooks);
    setIfAny(query, "realms", saturatedRealms);
    setIfAny(query, "probation", fullOnProbation);
    setIfAny(query, "proven", fullOnProbation.isEmpty() ? Set.of() : provenThere);
    return query;
  }

  private static void setIfAny(TypedQuery<?> query, String name, Set<String> values) {
    if (!values.isEmpty()) {
      query.setParameter(name, values);
    }
  }

  private record StoredEvent(String payload, ProducingRequest producedBy) {}

  /** Payload and producing request of each delivery's event, by event id. */
  private Map<String, StoredEvent> eventsOf(List<Delivery> deliveries) {
    List<String> eventIds = deliveries.stream().map(d -> d.getEvent().getId()).distinct().toList();
    return em.createQuery(
            "select e.id, e.payload, e.issuer, e.traceParent from EventRecord e"
                + " where e.id in :ids",
            Object[].class)
        .setParameter("ids", eventIds)
        .getResultStream()
        .collect(
            Collectors.toMap(
                row -> (String) row[0],
                row ->
                    new StoredEvent(
                        (String) row[1], new ProducingRequest((String) row[2], (String) row[3]))));
  }
}
