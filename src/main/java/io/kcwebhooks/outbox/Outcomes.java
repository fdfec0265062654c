package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;

/** Records the outcomes of attempts on the deliveries claimed for them. */
public final class Outcomes {

  private final EntityManager em;

  private Outcomes(EntityManager em) {
    this.em = em;
  }

  /** Records in the session's transaction. */
  public static Outcomes of(KeycloakSession session) {
    return new Outcomes(Jpa.entityManager(session));
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
    em.persist(new Attempt(Jpa.newId(), claim.id(), claim.attemptNo(), outcome));
    return true;
  }
}
