package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import org.keycloak.models.KeycloakSession;

/** Each webhook's running failure streak, from which it is disabled when it lasts too long. */
public final class FailureStreaks {

  private final EntityManager em;

  private FailureStreaks(EntityManager em) {
    this.em = em;
  }

  /** Reads and writes streaks in the session's transaction. */
  public static FailureStreaks of(KeycloakSession session) {
    return new FailureStreaks(Jpa.entityManager(session));
  }

  /** When the webhook's running failure streak began, or null when it has none. */
  public Long failingSince(String webhookId) {
    WebhookHealth health = em.find(WebhookHealth.class, webhookId);
    return health == null ? null : health.getFailingSince();
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

  /** Forgets the webhook's streak, when it is disabled for it or deleted. */
  public void forget(String webhookId) {
    em.createQuery("delete from WebhookHealth h where h.webhookId = :webhook")
        .setParameter("webhook", webhookId)
        .executeUpdate();
  }
}
