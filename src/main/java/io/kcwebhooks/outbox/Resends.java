package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/** Queues finished deliveries again, for the API's resend and replay. */
public final class Resends {

  private final EntityManager em;

  private Resends(EntityManager em) {
    this.em = em;
  }

  /** Queues in the session's transaction. */
  public static Resends of(KeycloakSession session) {
    return new Resends(Jpa.entityManager(session));
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
  public int replayFailed(
      String realmId, String webhookId, long since, long until, int limit, long now) {
    List<Delivery> failed =
        RowLocking.skippingLocked(
                em.createQuery(
                    "select d from Delivery d where d.realmId = :realm and d.webhookId = :webhook"
                        + " and d.status = :failed"
                        + " and d.createdAt >= :since and d.createdAt < :until"
                        + " order by d.createdAt",
                    Delivery.class))
            .setParameter("realm", realmId)
            .setParameter("webhook", webhookId)
            .setParameter("failed", DeliveryStatus.FAILED)
            .setParameter("since", since)
            .setParameter("until", until)
            .setMaxResults(limit)
            .getResultList();
    failed.forEach(delivery -> delivery.requeue(now));
    return failed.size();
  }
}
