package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/** Writes new events and their deliveries, for the event listener and the API's test pings. */
public final class Enqueuer {

  /**
   * How long a new delivery stays leased to the node whose transaction wrote it. That node sends it
   * right after the commit; if it dies first, any node takes the delivery once this has passed.
   */
  public static final long HANDOVER_LEASE_MILLIS = 30_000;

  private final EntityManager em;

  private Enqueuer(EntityManager em) {
    this.em = em;
  }

  /** Enqueues in the session's transaction. */
  public static Enqueuer of(KeycloakSession session) {
    return new Enqueuer(Jpa.entityManager(session));
  }

  /**
   * Stores the event once and one pending delivery per webhook, in the caller's (producing)
   * transaction: nothing exists for activity that rolls back. The deliveries are born leased to
   * this node, so that sending them needs no further claim.
   *
   * @param producedBy what the producing request passes on to the deliveries
   */
  public List<NewDelivery> enqueue(
      String realmId,
      String eventType,
      String payload,
      ProducingRequest producedBy,
      List<Endpoint> endpoints,
      long now) {
    EventRecord event = new EventRecord(Jpa.newId(), realmId, eventType, payload, producedBy, now);
    em.persist(event);
    String token = Jpa.newId();
    long leaseEnd = now + HANDOVER_LEASE_MILLIS;
    List<NewDelivery> created = new ArrayList<>(endpoints.size());
    for (Endpoint endpoint : endpoints) {
      Delivery delivery = new Delivery(Jpa.newId(), event, endpoint.webhookId(), token, leaseEnd);
      em.persist(delivery);
      created.add(
          new NewDelivery(
              delivery.getId(),
              endpoint,
              realmId,
              eventType,
              payload,
              producedBy,
              token,
              leaseEnd));
    }
    return created;
  }
}
