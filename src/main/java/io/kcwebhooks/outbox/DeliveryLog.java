package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;

/** Reads deliveries and their attempts, for the API's delivery log. */
public final class DeliveryLog {

  private final EntityManager em;

  private DeliveryLog(EntityManager em) {
    this.em = em;
  }

  /** Reads in the session's transaction. */
  public static DeliveryLog of(KeycloakSession session) {
    return new DeliveryLog(Jpa.entityManager(session));
  }

  /** The delivery, if it is one of this webhook's in this realm. */
  public Optional<Delivery> find(String realmId, String webhookId, String id) {
    Delivery delivery = em.find(Delivery.class, id);
    boolean theirs =
        delivery != null
            && delivery.getRealmId().equals(realmId)
            && delivery.getWebhookId().equals(webhookId);
    return theirs ? Optional.of(delivery) : Optional.empty();
  }

  /** A page of a webhook's deliveries, newest first, optionally of one status and type. */
  public List<Delivery> list(
      String realmId,
      String webhookId,
      DeliveryStatus status,
      String eventType,
      int first,
      int max) {
    StringBuilder jpql =
        new StringBuilder(
            "select d from Delivery d where d.realmId = :realm and d.webhookId = :webhook");
    if (status != null) {
      jpql.append(" and d.status = :status");
    }
    if (eventType != null) {
      jpql.append(" and d.eventType = :type");
    }
    jpql.append(" order by d.createdAt desc, d.id desc");
    TypedQuery<Delivery> query =
        em.createQuery(jpql.toString(), Delivery.class)
            .setParameter("realm", realmId)
            .setParameter("webhook", webhookId);
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
}
