package io.kcwebhooks.event;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** The {@code ext-event-webhook} listener that realms pick in Realm settings > Events. */
public class WebhookEventListenerFactory implements EventListenerProviderFactory {

  public static final String ID = "ext-event-webhook";

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new WebhookEventListener(session);
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }
}
