package io.kcwebhooks.outbox;

import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/** What the outbox's classes share: the session's entity manager and the ids of new rows. */
final class Jpa {

  private Jpa() {}

  /** The entity manager of the session's transaction. */
  static EntityManager entityManager(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }
}
