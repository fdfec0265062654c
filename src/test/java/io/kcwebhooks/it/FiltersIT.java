package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Webhooks that choose clients and users besides event types, and what their envelopes carry. A
 * delivery is written in the event's own transaction, so the delivery log is complete as soon as
 * the call that caused the event has answered: what a filter kept out is checked there, and what it
 * let through at the receiver as well.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class FiltersIT extends SharedServerTest {

  private static final String SERVICE = "orders-service";
  private static final String SERVICE_SECRET = "orders-service-secret";
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final Duration AT_MOST = Duration.ofSeconds(60);

  private String admin;

  @BeforeEach
  void enableAdminEventsAndTheService() {
    admin = "/admin/realms/" + realm.getName();
    ObjectNode config =
        (ObjectNode) http.get(admin + "/events/config", http.adminToken()).expect(200).json();
    config.put("adminEventsEnabled", true);
    http.put(admin + "/events/config", http.adminToken(), config.toString()).expect(204);
    ensureServiceThatManagesUsers();
  }

  @Test
  void anAdminChangeByAnExcludedServiceAccountIsNotDeliveredButTheSameByAnotherAdminIs()
      throws Exception {
    Receiver receiver = receivers.start();
    String id =
        create(
            receiver,
            Map.of("eventTypes", List.of("admin.USER-CREATE"), "excludeClients", List.of(SERVICE)));

    String serviceToken = http.clientToken(realm.getName(), SERVICE, SERVICE_SECRET);
    createUser(serviceToken);
    String byAdmin = createUser(http.adminToken());

    assertThat(api.deliveries(id, "?max=100").expect(200).json()).hasSize(1);
    List<Receiver.Received> received = receiver.awaitSettled(r -> true, 1, QUIET, AT_MOST);
    assertThat(received).hasSize(1);
    JsonNode event = Json.read(received.get(0).body());
    assertThat(event.get("resourcePath").asText()).isEqualTo("users/" + byAdmin);
    assertThat(event.get("realmName").asText()).isEqualTo(realm.getName());
  }

  @Test
  void aUserEventOfAnUnlistedClientIsNotDelivered() throws Exception {
    Receiver receiver = receivers.start();
    String id =
        create(receiver, Map.of("eventTypes", List.of("access.*"), "clients", List.of("orders-*")));

    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    http.clientToken(realm.getName(), SERVICE, SERVICE_SECRET);

    assertThat(api.deliveries(id, "?max=100").expect(200).json()).hasSize(1);
    List<Receiver.Received> received = receiver.awaitSettled(r -> true, 1, QUIET, AT_MOST);
    assertThat(received).hasSize(1);
    JsonNode event = Json.read(received.get(0).body());
    assertThat(event.get("type").asText()).isEqualTo("access.CLIENT_LOGIN");
    assertThat(event.get("authDetails").get("clientId").asText()).isEqualTo(SERVICE);
  }

  @Test
  void anExcludedUsersLoginsAreNotDelivered() throws Exception {
    Receiver receiver = receivers.start();
    String id =
        create(
            receiver,
            Map.of("eventTypes", List.of("access.LOGIN"), "excludeUsers", List.of("VIEW*")));

    http.userToken(realm.getName(), "viewer", TestRealm.PASSWORD);
    http.userToken(realm.getName(), "manager", TestRealm.PASSWORD);

    assertThat(api.deliveries(id, "?max=100").expect(200).json()).hasSize(1);
    List<Receiver.Received> received = receiver.awaitSettled(r -> true, 1, QUIET, AT_MOST);
    assertThat(received).hasSize(1);
    assertThat(Json.read(received.get(0).body()).get("details").get("username").asText())
        .isEqualTo("manager");
  }

  @Test
  void fieldsLeftOutOfAnUpdateKeepTheirFiltersAndAnEmptyListClearsOne() throws Exception {
    Receiver receiver = receivers.start();
    String id =
        create(
            receiver,
            Map.of(
                "eventTypes",
                List.of("*"),
                "clients",
                List.of("orders-*"),
                "excludeUsers",
                List.of("viewer"),
                "includeRepresentation",
                false));

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "access.*")).expect(204);
    JsonNode kept = api.get(id).expect(200).json();
    assertThat(kept.get("clients").toString()).isEqualTo("[\"orders-*\"]");
    assertThat(kept.get("excludeUsers").toString()).isEqualTo("[\"viewer\"]");
    assertThat(kept.get("includeRepresentation").asBoolean()).isFalse();

    Map<String, Object> cleared = body(receiver, Map.of("eventTypes", List.of("access.*")));
    cleared.put("clients", List.of());
    api.update(id, Json.write(cleared)).expect(204);
    JsonNode after = api.get(id).expect(200).json();
    assertThat(after.get("clients").toString()).isEqualTo("[]");
    assertThat(after.get("excludeUsers").toString()).isEqualTo("[\"viewer\"]");
  }

  @Test
  void invalidFiltersAreRefusedAndNothingIsStored() {
    Http.Response refused =
        api.create(
                Json.write(
                    Map.of(
                        "url",
                        "https://example.com/hooks",
                        "eventTypes",
                        List.of("*"),
                        "excludeClients",
                        List.of("a,b"))))
            .expect(400);

    assertThat(refused.json().get("error").asText()).contains("excludeClients[0]");
    assertThat(api.list().expect(200).json()).isEmpty();
  }

  /**
   * The representation goes only to webhooks that keep it; Keycloak's own masking of secrets in it
   * holds for webhooks too.
   */
  @Test
  void onlyWebhooksThatKeepTheRepresentationGetItWithSecretsStillMasked() throws Exception {
    Receiver keeps = receivers.start();
    Receiver leaves = receivers.start();
    create(keeps, Map.of("eventTypes", List.of("admin.IDENTITY_PROVIDER-CREATE")));
    create(
        leaves,
        Map.of(
            "eventTypes",
            List.of("admin.IDENTITY_PROVIDER-CREATE"),
            "includeRepresentation",
            false));
    ObjectNode config =
        (ObjectNode) http.get(admin + "/events/config", http.adminToken()).expect(200).json();
    config.put("adminEventsDetailsEnabled", true);
    http.put(admin + "/events/config", http.adminToken(), config.toString()).expect(204);
    String secret = "idp-secret-" + UUID.randomUUID();
    String alias = "idp-" + UUID.randomUUID();
    http.post(
            admin + "/identity-provider/instances",
            http.adminToken(),
            Json.write(
                Map.of(
                    "alias",
                    alias,
                    "providerId",
                    "oidc",
                    "config",
                    Map.of(
                        "clientId", "upstream",
                        "clientSecret", secret,
                        "authorizationUrl", "https://idp.example.com/auth",
                        "tokenUrl", "https://idp.example.com/token"))))
        .expect(201);

    Receiver.Received with = keeps.awaitSettled(r -> true, 1, QUIET, AT_MOST).get(0);
    Receiver.Received without = leaves.awaitSettled(r -> true, 1, QUIET, AT_MOST).get(0);
    JsonNode represented = Json.read(Json.read(with.body()).get("representation").asText());
    assertThat(represented.get("alias").asText()).isEqualTo(alias);
    assertThat(with.body()).doesNotContain(secret);
    assertThat(Json.read(without.body()).has("representation")).isFalse();
    assertThat(Json.read(without.body()).get("id").asText())
        .isEqualTo(Json.read(with.body()).get("id").asText());
  }

  private String create(Receiver receiver, Map<String, Object> fields) {
    return api.create(Json.write(body(receiver, fields))).expect(201).json().get("id").asText();
  }

  private static Map<String, Object> body(Receiver receiver, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", receiver.url());
    body.putAll(fields);
    return body;
  }

  /** Creates a user with the given token and returns the new user's id. */
  private String createUser(String token) {
    Http.Response created =
        http.post(
                admin + "/users",
                token,
                Json.write(Map.of("username", "u-" + UUID.randomUUID(), "enabled", true)))
            .expect(201);
    return created.location().substring(created.location().lastIndexOf('/') + 1);
  }

  /** A client whose service account may create users; made once per realm. */
  private void ensureServiceThatManagesUsers() {
    String token = http.adminToken();
    if (!http.get(admin + "/clients?clientId=" + SERVICE, token).expect(200).json().isEmpty()) {
      return;
    }
    http.post(
            admin + "/clients",
            token,
            Json.write(
                Map.of(
                    "clientId",
                    SERVICE,
                    "secret",
                    SERVICE_SECRET,
                    "publicClient",
                    false,
                    "serviceAccountsEnabled",
                    true)))
        .expect(201);
    String clientId = clientUuid(SERVICE);
    String management = clientUuid("realm-management");
    String serviceUser =
        http.get(admin + "/clients/" + clientId + "/service-account-user", token)
            .expect(200)
            .json()
            .get("id")
            .asText();
    JsonNode role =
        http.get(admin + "/clients/" + management + "/roles/manage-users", token)
            .expect(200)
            .json();
    http.post(
            admin + "/users/" + serviceUser + "/role-mappings/clients/" + management,
            token,
            "[" + role + "]")
        .expect(204);
  }

  private String clientUuid(String clientId) {
    return http.get(admin + "/clients?clientId=" + clientId, http.adminToken())
        .expect(200)
        .json()
        .get(0)
        .get("id")
        .asText();
  }
}
