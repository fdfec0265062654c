package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.RealmJson;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Who may do what: reading needs view-events, writing needs manage-events, in that realm, on every
 * path into the stored webhooks, not only this extension's API.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class PermissionsIT extends SharedServerTest {

  private static final String TYPE = RealmJson.WEBHOOKS;
  private static final Map<String, String> FORGED_CREATOR =
      Map.of("createdBy", "someone-else", "createdAt", "2000-01-01T00:00:00Z");

  @InjectRealm(ref = "other", config = TestRealm.class)
  ManagedRealm otherRealm;

  enum Caller {
    NO_TOKEN,
    MALFORMED_TOKEN,
    USER_WITHOUT_ROLES,
    VIEW_EVENTS,
    MANAGE_EVENTS,
    VIEW_AND_MANAGE_EVENTS,
    REALM_ADMIN,
    MASTER_ADMIN,
    MANAGE_REALM_ONLY,
    OTHER_REALMS_ADMIN
  }

  enum Call {
    LIST,
    GET,
    CREATE,
    UPDATE,
    DELETE,
    LIST_DELIVERIES,
    RESEND,
    REPLAY,
    TEST
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(Caller.NO_TOKEN, 401, 401, 401, 401, 401, 401, 401, 401, 401),
        row(Caller.MALFORMED_TOKEN, 401, 401, 401, 401, 401, 401, 401, 401, 401),
        row(Caller.USER_WITHOUT_ROLES, 403, 403, 403, 403, 403, 403, 403, 403, 403),
        row(Caller.VIEW_EVENTS, 200, 200, 403, 403, 403, 200, 403, 403, 403),
        // Keycloak's manage-events implies view-events.
        row(Caller.MANAGE_EVENTS, 200, 200, 201, 204, 204, 200, 202, 202, 202),
        row(Caller.VIEW_AND_MANAGE_EVENTS, 200, 200, 201, 204, 204, 200, 202, 202, 202),
        row(Caller.REALM_ADMIN, 200, 200, 201, 204, 204, 200, 202, 202, 202),
        row(Caller.MASTER_ADMIN, 200, 200, 201, 204, 204, 200, 202, 202, 202),
        row(Caller.MANAGE_REALM_ONLY, 403, 403, 403, 403, 403, 403, 403, 403, 403),
        row(Caller.OTHER_REALMS_ADMIN, 403, 403, 403, 403, 403, 403, 403, 403, 403));
  }

  static Arguments row(Caller caller, int... expected) {
    return Arguments.of(caller, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachCallerGetsTheExpectedStatusForEachCall(Caller caller, int[] expected) throws Exception {
    Receiver receiver = receivers.start();
    WebhooksApi asCaller = new WebhooksApi(http, realm.getName(), tokenOf(caller, http));

    for (Call call : Call.values()) {
      String url = receiver.url() + "/" + caller;
      String target = api.create(url, "s3cret-value", "access.CLIENT_LOGIN");
      String delivery = api.ping(target);
      api.awaitFinished(target, delivery);
      int count = api.list().expect(200).json().size();

      Http.Response response =
          WebhooksApi.withinBudget(() -> perform(asCaller, call, target, delivery, receiver.url()));

      assertThat(response.status())
          .as("%s by %s: %s", call, caller, response.body())
          .isEqualTo(expected[call.ordinal()]);
      if (response.status() >= 400) {
        assertThat(response.json().get("error").asText()).isNotBlank();
        assertThat(api.list().expect(200).json().size()).as("nothing changed").isEqualTo(count);
        assertThat(api.get(target).expect(200).json().get("url").asText()).isEqualTo(url);
        assertThat(api.deliveries(target, "").expect(200).json().size())
            .as("nothing queued")
            .isEqualTo(1);
      }
    }
  }

  private static Http.Response perform(
      WebhooksApi api, Call call, String id, String delivery, String receiverUrl) {
    String body = WebhooksApi.webhook(receiverUrl + "/changed", "changed-secret", "access.*");
    return switch (call) {
      case LIST -> api.list();
      case GET -> api.get(id);
      case CREATE -> api.create(body);
      case UPDATE -> api.update(id, body);
      case DELETE -> api.delete(id);
      case LIST_DELIVERIES -> api.deliveries(id, "");
      case RESEND -> api.resend(id, delivery);
      case REPLAY -> api.replay(id, "?since=2020-01-01T00:00:00Z");
      case TEST -> api.test(id);
    };
  }

  /**
   * Keycloak's generic component endpoint only asks for manage-realm; it once let such a user store
   * a webhook aimed at loopback with a forged creator and no realm. Webhooks are internal
   * components now: the endpoint neither shows nor changes them, whoever asks.
   */
  @Test
  void keycloaksComponentEndpointNeitherShowsNorChangesWebhooks() throws Exception {
    String url = receivers.start().url();
    String target = api.create(url, "s3cret-value", "access.*");
    int count = api.list().expect(200).json().size();
    String components = "/admin/realms/" + realm.getName() + "/components";
    Map<String, Object> forged =
        RealmJson.webhook("http://127.0.0.2:9/internal", "s3cret-value", FORGED_CREATOR);
    forged.put("providerType", TYPE);

    for (String token :
        List.of(user(http, "realm-manager"), user(http, "realm-admin"), http.adminToken())) {
      for (String parentId : List.of("", realm.getId(), otherRealm.getId())) {
        forged.put("parentId", parentId);
        http.post(components, token, Json.write(forged)).expect(403);
      }
      forged.put("id", target);
      forged.put("parentId", realm.getId());
      http.put(components + "/" + target, token, Json.write(forged)).expect(403);
      forged.remove("id");
      http.delete(components + "/" + target, token).expect(403);
      http.get(components + "/" + target, token).expect(404);
      assertThat(http.get(components + "?type=" + TYPE, token).expect(200).json()).isEmpty();
    }

    assertThat(api.list().expect(200).json().size()).isEqualTo(count);
    JsonNode unchanged = api.get(target).expect(200).json();
    assertThat(unchanged.get("url").asText()).isEqualTo(url);
    assertThat(unchanged.get("createdBy").asText()).isEqualTo(adminUserId(http));
  }

  /**
   * The component endpoint lets a component of another type be rewritten in place, id and all.
   * Webhook ids are the server's, so no component becomes a webhook: whoever asks, it stays what it
   * was.
   */
  @Test
  void anotherComponentCannotBeTurnedIntoAWebhook() {
    String components = "/admin/realms/" + realm.getName() + "/components";
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("name", "spare-key");
    key.put("providerId", "rsa-generated");
    key.put("providerType", "org.keycloak.keys.KeyProvider");
    key.put("parentId", realm.getId());
    key.put("config", Map.of("priority", List.of("0")));
    String location =
        http.post(components, http.adminToken(), Json.write(key)).expect(201).location();
    String id = location.substring(location.lastIndexOf('/') + 1);
    String keyPath = components + "/" + id;
    int count = api.list().expect(200).json().size();

    Map<String, Object> webhook =
        RealmJson.webhook("https://example.com/converted", "s3cret-value");
    webhook.put("id", id);
    webhook.put("providerType", TYPE);
    webhook.put("parentId", realm.getId());

    http.put(keyPath, user(http, "realm-manager"), Json.write(webhook)).expect(403);
    assertStillAKey(http, keyPath);
    for (String token : List.of(user(http, "realm-admin"), http.adminToken())) {
      assertRefusedWith400(http.put(keyPath, token, Json.write(webhook)));
      assertStillAKey(http, keyPath);
    }
    api.get(id).expect(404);
    assertThat(api.list().expect(200).json().size()).isEqualTo(count);
    http.delete(keyPath, http.adminToken()).expect(204);
  }

  private static void assertStillAKey(Http http, String path) {
    assertThat(http.get(path, http.adminToken()).expect(200).json().get("providerType").asText())
        .isEqualTo("org.keycloak.keys.KeyProvider");
  }

  private static void assertRefusedWith400(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isNotBlank();
  }

  private String userId(Http http, String username) {
    return http.get(
            "/admin/realms/" + realm.getName() + "/users?exact=true&username=" + username,
            http.adminToken())
        .expect(200)
        .json()
        .get(0)
        .get("id")
        .asText();
  }

  @Test
  void partialImportDoesNotImportWebhooks() {
    int count = api.list().expect(200).json().size();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ifResourceExists", "OVERWRITE");
    body.put(
        "components",
        Map.of(TYPE, List.of(RealmJson.webhook("https://example.com/hook", "s3cret-value"))));

    http.post(
            "/admin/realms/" + realm.getName() + "/partialImport",
            user(http, "realm-admin"),
            Json.write(body))
        .expect(200);

    assertThat(api.list().expect(200).json().size()).isEqualTo(count);
  }

  @Test
  void aRealmCreatedWithWebhooksIsCheckedAndRecordsItsCreator() {
    Instant before = Instant.now();
    String name = "with-webhooks-" + UUID.randomUUID();
    Map<String, Object> forged =
        RealmJson.webhook("https://example.com/hook", "s3cret-value", FORGED_CREATOR);

    http.post(
            "/admin/realms",
            http.adminToken(),
            RealmJson.realm(name, Map.of(TYPE, List.of(forged))))
        .expect(201);

    JsonNode webhooks = WebhooksApi.asAdmin(http, name).list().expect(200).json();
    assertThat(webhooks).hasSize(1);
    assertThat(webhooks.get(0).get("createdBy").asText()).isEqualTo(adminUserId(http));
    assertThat(OffsetDateTime.parse(webhooks.get(0).get("createdAt").asText()).toInstant())
        .isAfterOrEqualTo(before.minusSeconds(1));
    http.delete("/admin/realms/" + name, http.adminToken()).expect(204);
  }

  @Test
  void aRealmWhoseWebhooksBreakTheRulesIsNotCreated() {
    Map<String, Object> loopback = RealmJson.webhook("http://127.0.0.2:9/internal", "s3cret-value");
    Map<String, Object> placeholder =
        RealmJson.webhook("https://example.com/hook", "${HOOK_SECRET_VARIABLE}");
    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("name", "rsa");
    keys.put("providerId", "rsa-generated");
    keys.put(
        "subComponents",
        Map.of(TYPE, List.of(RealmJson.webhook("https://example.com/hook", "s3cret-value"))));

    List<Map<String, List<Map<String, Object>>>> refusedComponents =
        List.of(
            Map.of(TYPE, List.of(loopback)),
            Map.of(TYPE, List.of(placeholder)),
            Map.of("org.keycloak.keys.KeyProvider", List.of(keys)));
    for (Map<String, List<Map<String, Object>>> components : refusedComponents) {
      String name = "refused-" + UUID.randomUUID();
      Http.Response refused =
          http.post("/admin/realms", http.adminToken(), RealmJson.realm(name, components));

      assertThat(refused.status()).as(refused.body()).isEqualTo(400);
      assertThat(refused.json().get("error").asText()).isNotBlank();
      assertThat(refused.body()).doesNotContain("HOOK_SECRET_VARIABLE");
      http.get("/admin/realms/" + name, http.adminToken()).expect(404);
    }
  }

  private static String adminUserId(Http http) {
    return http.get("/admin/realms/master/users?exact=true&username=admin", http.adminToken())
        .expect(200)
        .json()
        .get(0)
        .get("id")
        .asText();
  }

  private String tokenOf(Caller caller, Http http) {
    return switch (caller) {
      case NO_TOKEN -> null;
      case MALFORMED_TOKEN -> "not-a-jwt";
      case USER_WITHOUT_ROLES -> user(http, "nobody");
      case VIEW_EVENTS -> user(http, "viewer");
      case MANAGE_EVENTS -> user(http, "manager");
      case VIEW_AND_MANAGE_EVENTS -> user(http, "both");
      case REALM_ADMIN -> user(http, "realm-admin");
      case MASTER_ADMIN -> http.adminToken();
      case MANAGE_REALM_ONLY -> user(http, "realm-manager");
      case OTHER_REALMS_ADMIN -> http.userToken(otherRealm.getName(), "realm-admin", "password");
    };
  }

  private String user(Http http, String username) {
    return http.userToken(realm.getName(), username, TestRealm.PASSWORD);
  }
}
