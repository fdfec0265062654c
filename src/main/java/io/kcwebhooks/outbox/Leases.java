package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.keycloak.models.KeycloakSession;

/** Renews and gives back the leases of deliveries a dispatcher holds but has not sent. */
public final class Leases {

  private final EntityManager em;

  private Leases(EntityManager em) {
    this.em = em;
  }

  /** Changes leases in the session's transaction. */
  public static Leases of(KeycloakSession session) {
    return new Leases(Jpa.entityManager(session));
  }

  /**
   * Renews the lease of deliveries that waited on this node so long that their lease might end
   * while they are sent. Those another node took meanwhile are left out.
   */
  public List<ClaimedDelivery> renew(List<ClaimedDelivery> deliveries, long leaseEnd) {
    String token = Jpa.newId();
    List<ClaimedDelivery> renewed = new ArrayList<>();
    for (ClaimedDelivery delivery : deliveries) {
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
        renewed.add(delivery.withClaimToken(token));
      }
    }
    return renewed;
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
   * Makes deliveries this node holds but will not send itself due at once, for any node, and takes
   * back the attempt counted when they were born or claimed. Those another node has taken meanwhile
   * are left alone.
   */
  public void releaseUnsent(Collection<ClaimedDelivery> deliveries, long now) {
    if (deliveries.isEmpty()) {
      return;
    }
    em.createQuery(
            "update Delivery d set d.claimToken = null, d.nextAttemptAt = :now,"
                + " d.attempts = d.attempts - 1"
                + " where d.id in :ids and d.claimToken in :tokens")
        .setParameter("now", now)
        .setParameter("ids", deliveries.stream().map(ClaimedDelivery::id).toList())
        .setParameter(
            "tokens", deliveries.stream().map(ClaimedDelivery::claimToken).distinct().toList())
        .executeUpdate();
  }

  /**
   * Gives a claimed delivery back at once, for a node that stops while sending it; the attempt
   * stays counted, since the receiver may have got it.
   */
  public void release(ClaimedDelivery claim, long now) {
    Delivery delivery = stillClaimed(claim);
    if (delivery != null) {
      delivery.retryAt(now);
    }
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
}
