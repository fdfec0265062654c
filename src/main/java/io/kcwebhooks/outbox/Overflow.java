package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/**
 * Webhooks with more pending deliveries than the cap allows, and the ending of their oldest: a
 * receiver that is down for days must not let its backlog grow without bound. Deliveries being sent
 * (claimed) are left alone; they end by their own outcome.
 */
public final class Overflow {

  /** A webhook over the cap, and by how many deliveries. */
  public record Excess(String realmId, String webhookId, long excess) {}

  private final EntityManager em;

  private Overflow(EntityManager em) {
    this.em = em;
  }

  public static Overflow of(KeycloakSession session) {
    return new Overflow(Jpa.entityManager(session));
  }

  public List<Excess> overCap(int cap) {
    return em.createQuery(
            "select d.realmId, d.webhookId, count(d) from Delivery d where d.status = :pending"
                + " group by d.realmId, d.webhookId having count(d) > :cap",
            Object[].class)
        .setParameter("pending", DeliveryStatus.PENDING)
        .setParameter("cap", (long) cap)
        .getResultStream()
        .map(row -> new Excess((String) row[0], (String) row[1], (Long) row[2] - cap))
        .toList();
  }

  /** Ends up to {@code count} of the webhook's oldest unclaimed pending deliveries failed. */
  public int failOldest(Excess excess, int count, String reason, long now) {
    List<String> ids =
        em.createQuery(
                "select d.id from Delivery d where d.realmId = :realm and d.webhookId = :webhook"
                    + " and d.status = :pending and d.claimToken is null order by d.createdAt",
                String.class)
            .setParameter("realm", excess.realmId())
            .setParameter("webhook", excess.webhookId())
            .setParameter("pending", DeliveryStatus.PENDING)
            .setMaxResults(count)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery(
            "update Delivery d set d.status = :failed, d.lastError = :reason,"
                + " d.completedAt = :now where d.id in :ids and d.status = :pending"
                + " and d.claimToken is null")
        .setParameter("failed", DeliveryStatus.FAILED)
        .setParameter("reason", StoredText.of(reason))
        .setParameter("now", now)
        .setParameter("ids", ids)
        .setParameter("pending", DeliveryStatus.PENDING)
        .executeUpdate();
  }
}
