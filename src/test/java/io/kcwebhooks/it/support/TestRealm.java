package io.kcwebhooks.it.support;

import org.keycloak.testframework.realm.ClientBuilder;
import org.keycloak.testframework.realm.RealmBuilder;
import org.keycloak.testframework.realm.RealmConfig;
import org.keycloak.testframework.realm.UserBuilder;

/**
 * A realm with the listener on, a confidential client whose token requests produce events, and
 * users holding each combination of the event roles, and one with manage-realm alone.
 */
public class TestRealm implements RealmConfig {

  public static final String CLIENT = "app";
  public static final String CLIENT_SECRET = "app-secret";
  public static final String PASSWORD = "password";

  @Override
  public RealmBuilder configure(RealmBuilder realm) {
    return realm
        .eventsListeners("jboss-logging", "ext-event-webhook")
        .clients(
            ClientBuilder.create(CLIENT)
                .secret(CLIENT_SECRET)
                .serviceAccountsEnabled()
                .directAccessGrantsEnabled())
        .users(
            user("nobody"),
            user("viewer").clientRoles("realm-management", "view-events"),
            user("manager").clientRoles("realm-management", "manage-events"),
            user("both").clientRoles("realm-management", "view-events", "manage-events"),
            user("realm-admin").clientRoles("realm-management", "realm-admin"),
            user("realm-manager").clientRoles("realm-management", "manage-realm"));
  }

  static UserBuilder user(String name) {
    return UserBuilder.create(name)
        .password(PASSWORD)
        .name(name, "Tester")
        .email(name + "@example.com")
        .emailVerified(true);
  }
}
