package io.kcwebhooks.api;

import io.kcwebhooks.subscription.WebhookComponents;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.jpa.entities.ComponentEntity;
import org.keycloak.models.jpa.entities.RealmEntity;

/**
 * What the webhook gate reads from the database itself, past the realm cache and past the model the
 * request is changing: Keycloak's component endpoint rewrites the cached model in place before it
 * asks the gate, so only the stored row still says what the component was.
 */
final class StoredComponents {

  /**
   * What a component id already names in this realm, before this transaction changes it. An id of
   * another realm's component counts as new: Keycloak finds no component there by that id, so it
   * can only come with a create, and the gate replaces the id of every new webhook.
   */
  enum Kind {
    NEW,
    WEBHOOK_OF_THIS_REALM,
    OTHER_COMPONENT_OF_THIS_REALM
  }

  private StoredComponents() {}

  static Kind kindOf(KeycloakSession session, RealmModel realm, String id) {
    ComponentEntity row =
        id == null ? null : entityManager(session).find(ComponentEntity.class, id);
    if (row == null || row.getRealm() == null || !realm.getId().equals(row.getRealm().getId())) {
      return Kind.NEW;
    }
    return WebhookComponents.PROVIDER_TYPE.equals(row.getProviderType())
        ? Kind.WEBHOOK_OF_THIS_REALM
        : Kind.OTHER_COMPONENT_OF_THIS_REALM;
  }

  /**
   * Counts the realm's stored webhooks while holding its row locked until the transaction ends, so
   * that concurrent creates in the realm, on any node, count one after the other.
   */
  static long lockRealmAndCountWebhooks(KeycloakSession session, RealmModel realm) {
    EntityManager em = entityManager(session);
    em.find(RealmEntity.class, realm.getId(), LockModeType.PESSIMISTIC_WRITE);
    // A locking read sees what the creates this one waited for have committed; a plain count on
    // MariaDB reads the repeatable-read snapshot taken before the wait, and lets them all in.
    return webhooksOf(em, realm).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList().size();
  }

  /** For a realm being created, which no other transaction can see yet. */
  static long countWebhooks(KeycloakSession session, RealmModel realm) {
    return countWebhooks(entityManager(session), realm);
  }

  private static long countWebhooks(EntityManager em, RealmModel realm) {
    return webhooksOf(em, realm).getResultList().size();
  }

  private static TypedQuery<ComponentEntity> webhooksOf(EntityManager em, RealmModel realm) {
    return em.createQuery(
            "select c from ComponentEntity c"
                + " where c.realm.id = :realm and c.providerType = :type",
            ComponentEntity.class)
        .setParameter("realm", realm.getId())
        .setParameter("type", WebhookComponents.PROVIDER_TYPE);
  }

  private static EntityManager entityManager(KeycloakSession session) {
    return session.getProvider(JpaConnectionProvider.class).getEntityManager();
  }
}
