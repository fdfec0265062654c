package io.kcwebhooks.event;

import io.kcwebhooks.subscription.EventCatalog;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;

/** The webhook type names of Keycloak events: {@code access.LOGIN}, {@code admin.USER-CREATE}. */
public final class EventTypes {

  private EventTypes() {}

  public static String of(Event event) {
    return EventCatalog.accessType(event.getType().name());
  }

  public static String of(AdminEvent event) {
    return EventCatalog.adminType(event.getResourceTypeAsString(), event.getOperationType().name());
  }
}
