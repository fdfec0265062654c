package io.kcwebhooks.console;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts the webhooks admin page at {@code /realms/{realm}/webhooks-console/}. */
public class ConsoleResourceProviderFactory implements RealmResourceProviderFactory {

  public static final String ID = "webhooks-console";

  @Override
  public RealmResourceProvider create(KeycloakSession session) {
    ConsoleResource resource = new ConsoleResource(session);
    return new RealmResourceProvider() {
      @Override
      public Object getResource() {
        return resource;
      }

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
