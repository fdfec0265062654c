package io.kcwebhooks.outbox;

import java.util.List;
import org.keycloak.models.KeycloakSession;

/** The pending deliveries of one realm: how many, and when the oldest was created. */
public record Backlog(String realmId, long pending, long oldestCreatedAt) {

  /** Counts the backlog of every realm that has one, in the session's transaction. */
  public static List<Backlog> perRealm(KeycloakSession session) {
    return Jpa.entityManager(session)
        .createQuery(
            "select d.realmId, count(d), min(d.createdAt) from Delivery d"
                + " where d.status = :pending group by d.realmId",
            Object[].class)
        .setParameter("pending", DeliveryStatus.PENDING)
        .getResultStream()
        .map(row -> new Backlog((String) row[0], (Long) row[1], (Long) row[2]))
        .toList();
  }
}
