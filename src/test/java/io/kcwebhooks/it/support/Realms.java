package io.kcwebhooks.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Creates realms like {@link TestRealm} on servers the test framework does not manage. */
public final class Realms {

  private Realms() {}

  public static void create(Http http, String name, String... extraListeners) {
    List<String> listeners = new ArrayList<>(List.of("jboss-logging", "ext-event-webhook"));
    listeners.addAll(List.of(extraListeners));
    Map<String, Object> realm = RealmJson.withTestClient(name, listeners);
    realm.put("users", List.of(user("nobody"), user("rollback-user")));
    http.post("/admin/realms", http.adminToken(), Json.write(realm)).expect(201);
  }

  private static Map<String, Object> user(String username) {
    return Map.of(
        "username",
        username,
        "enabled",
        true,
        "email",
        username + "@example.com",
        "emailVerified",
        true,
        "firstName",
        username,
        "lastName",
        "Tester",
        "credentials",
        List.of(Map.of("type", "password", "value", TestRealm.PASSWORD, "temporary", false)));
  }
}
