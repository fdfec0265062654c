package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.outbox.EventRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/** How the realm's own settings and tools treat webhooks: admin event details, partial export. */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class RealmSettingsIT extends SharedServerTest {

  private static final String SECRET = "masked-in-exports";

  @Test
  void adminEventsCarryTheRepresentationOnlyWhenTheRealmIncludesIt() throws Exception {
    Receiver receiver = receivers.start();
    api.create(receiver.url(), null, "admin.CLIENT-CREATE");

    includeRepresentations(false);
    JsonNode without = Json.read(createClientAndReceive(receiver, Map.of()).body());
    includeRepresentations(true);
    JsonNode with = Json.read(createClientAndReceive(receiver, Map.of()).body());

    assertThat(without.has("representation")).as("%s", without).isFalse();
    assertThat(with.get("resourceType").asText()).isEqualTo("CLIENT");
    assertThat(with.get("operationType").asText()).isEqualTo("CREATE");
    assertThat(with.get("resourcePath").asText()).startsWith("clients/");
    JsonNode client = Json.read(with.get("representation").asText());
    assertThat(client.get("clientId").asText()).startsWith("represented-");
  }

  @Test
  void aRepresentationTooLongToStoreIsLeftOutAndTheChangeStillSucceeds() throws Exception {
    Receiver receiver = receivers.start();
    api.create(receiver.url(), null, "admin.CLIENT-CREATE");
    includeRepresentations(true);
    String large = "x".repeat(EventRecord.MAX_PAYLOAD_CHARS);

    JsonNode event =
        Json.read(
            createClientAndReceive(receiver, Map.of("attributes", Map.of("large", large))).body());

    assertThat(event.has("representation")).as("%s", event).isFalse();
    assertThat(event.get("omitted").toString()).isEqualTo("[\"representation\"]");
    assertThat(event.get("resourcePath").asText()).startsWith("clients/");
  }

  @Test
  void thePartialExportMasksTheSecret() {
    String id = api.create("https://example.com/hook", SECRET, "*");

    Http.Response export =
        http.post(
                "/admin/realms/" + realm.getName() + "/partial-export?exportClients=false",
                http.adminToken(),
                "")
            .expect(200);

    assertThat(export.body()).doesNotContain(SECRET);
    JsonNode webhooks = export.json().at("/components/io.kcwebhooks.subscription.WebhookComponent");
    assertThat(webhooks.findValuesAsText("id")).contains(id);
    for (JsonNode webhook : webhooks) {
      if (webhook.get("id").asText().equals(id)) {
        assertThat(webhook.at("/config/secret/0").asText()).isEqualTo("**********");
      }
    }
  }

  @Test
  void aRealmMadeFromThePartialExportIsRefusedForItsMaskedSecret() {
    api.create("https://example.com/hook", SECRET, "*");
    JsonNode exported =
        http.post(
                "/admin/realms/" + realm.getName() + "/partial-export?exportClients=false",
                http.adminToken(),
                "")
            .expect(200)
            .json()
            .at("/components/io.kcwebhooks.subscription.WebhookComponent/0");
    String copy = "copied-" + UUID.randomUUID();
    String realmJson =
        Json.write(
            Map.of(
                "realm",
                copy,
                "enabled",
                true,
                "components",
                Map.of("io.kcwebhooks.subscription.WebhookComponent", List.of(exported))));

    Http.Response refused = http.post("/admin/realms", http.adminToken(), realmJson);

    assertThat(refused.expect(400).json().get("error").asText()).contains("masked");
    http.get("/admin/realms/" + copy, http.adminToken()).expect(404);
  }

  private void includeRepresentations(boolean include) {
    http.put(
            "/admin/realms/" + realm.getName(),
            http.adminToken(),
            Json.write(Map.of("adminEventsDetailsEnabled", include)))
        .expect(204);
  }

  /**
   * Creates a client with the given fields through the admin API and returns the admin event the
   * receiver gets.
   */
  private Receiver.Received createClientAndReceive(Receiver receiver, Map<String, Object> fields) {
    receiver.clear();
    Map<String, Object> client = new LinkedHashMap<>(fields);
    client.put("clientId", "represented-" + UUID.randomUUID());
    http.post(
            "/admin/realms/" + realm.getName() + "/clients", http.adminToken(), Json.write(client))
        .expect(201);
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
    Receiver.Received event = receiver.requests().get(0);
    assertThat(event.type()).isEqualTo("admin.CLIENT-CREATE");
    return event;
  }
}
