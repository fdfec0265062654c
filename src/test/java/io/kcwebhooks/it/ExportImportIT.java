package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Webhooks travel with their realm through {@code kc.sh export} and {@code kc.sh import}, secrets
 * included, and disappear with it; a hand-written realm file kept in git imports them too.
 */
class ExportImportIT {

  private static final String REALM = "exported";
  private static final String SECRET = "exported-secret";

  @Test
  void webhooksSurviveExportAndImportAndDieWithTheirRealm() throws Exception {
    try (KeycloakNode node = KeycloakNode.install("export", 18280, "");
        Receiver receiver = Receiver.start()) {
      List<String> startDev = new ArrayList<>(List.of("start-dev"));
      startDev.addAll(WebhookServerConfig.deliveryArgs(Map.of()));
      node.start(startDev);
      Http http = new Http(node.baseUrl());
      Realms.create(http, REALM);
      String id = WebhooksApi.asAdmin(http, REALM).create(receiver.url(), SECRET, "*");
      node.stop();

      Path file = node.home().resolve("exported-realm.json");
      node.run(List.of("export", "--file=" + file, "--realm=" + REALM));
      JsonNode webhook = exportedWebhook(Json.read(Files.readString(file)));
      assertThat(webhook.get("id").asText()).isEqualTo(id);
      assertThat(webhook.get("config").get("secret").get(0).asText()).isEqualTo(SECRET);
      assertThat(webhook.get("config").get("url").get(0).asText()).isEqualTo(receiver.url());

      node.wipeDevDatabase();
      node.run(List.of("import", "--file=" + file));
      node.start(startDev);
      WebhooksApi api = WebhooksApi.asAdmin(http, REALM);
      assertThat(api.get(id).json().get("url").asText()).isEqualTo(receiver.url());

      http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());
      Receiver.Received event = receiver.requests().get(0);
      assertThat(event.header("X-Keycloak-Signature"))
          .isEqualTo(Signing.hexHmacSha256(SECRET, event.body()));

      assertThat(http.delete("/admin/realms/" + REALM, http.adminToken()).status()).isEqualTo(204);
      Realms.create(http, REALM);
      assertThat(api.list().json()).isEmpty();
      assertThat(api.get(id).status()).isEqualTo(404);

      node.stop();
      node.run(
          List.of(
              "import",
              "--file=" + Path.of("examples/realm-import/orders-realm.json").toAbsolutePath()));
      node.start(startDev);
      JsonNode fromFile = WebhooksApi.asAdmin(http, "orders").list().json();
      assertThat(fromFile).hasSize(1);
      assertThat(fromFile.get(0).get("url").asText())
          .isEqualTo("http://127.0.0.1:9999/hooks/keycloak");
      assertThat(fromFile.get(0).get("eventTypes").toString())
          .isEqualTo("[\"access.*\",\"admin.CLIENT-*\"]");
      assertThat(fromFile.get(0).get("enabled").asBoolean()).isTrue();
    }
  }

  private static JsonNode exportedWebhook(JsonNode realm) {
    JsonNode webhooks = realm.get("components").get("io.kcwebhooks.subscription.WebhookComponent");
    assertThat(webhooks).as("the export holds the realm's webhooks").isNotNull().hasSize(1);
    return webhooks.get(0);
  }
}
