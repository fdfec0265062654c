package io.kcwebhooks.api;

import java.util.UUID;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventStoreProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;

/**
 * Records every change made through the webhooks API as a Keycloak admin event of resource type
 * {@code WEBHOOK}, in the realm's admin event store when the realm keeps admin events.
 *
 * <p>The events go to the store only, not to event listeners: otherwise every webhook subscribed to
 * {@code admin.*} would receive its own creation, and every test ping would queue deliveries about
 * itself. Representations are views without the secret.
 */
final class AuditTrail {

  static final String RESOURCE_TYPE = "WEBHOOK";

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AdminAccess access;

  AuditTrail(KeycloakSession session, RealmModel realm, AdminAccess access) {
    this.session = session;
    this.realm = realm;
    this.access = access;
  }

  void record(OperationType operation, Object representation, String... path) {
    if (!realm.isAdminEventsEnabled()) {
      return;
    }
    AdminEventBuilder builder =
        new AdminEventBuilder(realm, access.auth(), session, session.getContext().getConnection())
            .resource(RESOURCE_TYPE)
            .operation(operation)
            .resourcePath(path)
            .representation(representation);
    AdminEvent event = new AdminEvent(builder.getEvent());
    event.setId(UUID.randomUUID().toString());
    event.setTime(Time.currentTimeMillis());
    session
        .getProvider(EventStoreProvider.class)
        .onEvent(event, realm.isAdminEventsDetailsEnabled());
  }
}
