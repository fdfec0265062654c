package io.kcwebhooks.it.provider;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A test-only listener that marks the request's transaction for rollback when the user {@value
 * #USERNAME} logs in, after every listener has seen the event: the case of activity that fails
 * after the webhook listener ran.
 */
public class RollbackListenerFactory implements EventListenerProviderFactory {

  public static final String ID = "test-rollback";
  public static final String USERNAME = "rollback-user";
  public static final String MARKER = "test-rollback: marked a login transaction for rollback";
  private static final Logger LOG = Logger.getLogger(RollbackListenerFactory.class);

  @Override
  public EventListenerProvider create(KeycloakSession session) {
    return new EventListenerProvider() {
      @Override
      public void onEvent(Event event) {
        if (event.getType() == EventType.LOGIN
            && event.getDetails() != null
            && USERNAME.equals(event.getDetails().get("username"))) {
          session.getTransactionManager().setRollbackOnly();
          LOG.info(MARKER);
        }
      }

      @Override
      public void onEvent(AdminEvent event, boolean includeRepresentation) {}

      @Override
      public void close() {}
    };
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
