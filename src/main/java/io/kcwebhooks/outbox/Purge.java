package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/** Deletes what the outbox no longer needs: old finished deliveries, and deleted realms. */
public final class Purge {

  private final EntityManager em;

  private Purge(EntityManager em) {
    this.em = em;
  }

  /** Deletes in the session's transaction. */
  public static Purge of(KeycloakSession session) {
    return new Purge(Jpa.entityManager(session));
  }

  /**
   * Deletes up to {@code limit} finished deliveries completed before the cutoff, with their
   * attempts, and the events no delivery refers to any more. Rows another node is deleting at the
   * same moment are skipped, so nodes may run this at once.
   *
   * @return how many deliveries were deleted
   */
  public int finishedBefore(long cutoff, int limit) {
    // A finished delivery's nextAttemptAt is at most a lease after its completedAt (one abandoned
    // while claimed keeps its lease's end), so bounding it as well lets the index on status and
    // nextAttemptAt find the rows, and purges none of them more than a lease late.
    List<Delivery> old =
        RowLocking.skippingLocked(
                em.createQuery(
                    "select d from Delivery d where d.status in :finished"
                        + " and d.nextAttemptAt < :cutoff and d.completedAt < :cutoff",
                    Delivery.class))
            .setParameter("finished", List.of(DeliveryStatus.DELIVERED, DeliveryStatus.FAILED))
            .setParameter("cutoff", cutoff)
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

  /**
   * Removes a deleted webhook's deliveries, their attempts and its failure streak, in the deleting
   * transaction. Events stay for the realm's other webhooks; those no delivery refers to any more
   * go with the retention purge.
   */
  public void webhook(String realmId, String webhookId) {
    em.createQuery(
            "delete from Attempt a where a.deliveryId in (select d.id from Delivery d"
                + " where d.realmId = :realm and d.webhookId = :webhook)")
        .setParameter("realm", realmId)
        .setParameter("webhook", webhookId)
        .executeUpdate();
    em.createQuery("delete from Delivery d where d.realmId = :realm and d.webhookId = :webhook")
        .setParameter("realm", realmId)
        .setParameter("webhook", webhookId)
        .executeUpdate();
    em.createQuery(
            "delete from WebhookHealth h where h.realmId = :realm and h.webhookId = :webhook")
        .setParameter("realm", realmId)
        .setParameter("webhook", webhookId)
        .executeUpdate();
  }

  /** Removes everything of a realm that is being deleted, in the deleting transaction. */
  public void realm(String realmId) {
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
}
