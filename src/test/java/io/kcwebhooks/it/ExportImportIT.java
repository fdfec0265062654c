package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.RealmJson;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Webhooks travel with their realm through {@code kc.sh export} and {@code kc.sh import}, secrets
 * included, and disappear with it; a hand-written realm file kept in git imports them too, with its
 * secret from the environment.
 */
@Execution(ExecutionMode.CONCURRENT)
@Order(3)
class ExportImportIT {

  private static final String REALM = "exported";
  private static final String SECRET = "exported-secret";
  private static final String ORDERS_SECRET = "orders-secret-from-the-environment";

  @Test
  void webhooksSurviveExportAndImportAndDieWithTheirRealm() throws Exception {
    try (KeycloakNode node = KeycloakNode.install("export", 18280, Build.H2);
        Receiver receiver = Receiver.start()) {
      List<String> options = WebhookServerConfig.deliveryArgs(Map.of());
      node.start(options);
      Http http = new Http(node.baseUrl());
      Realms.create(http, REALM);
      String id =
          WebhooksApi.asAdmin(http, REALM)
              .create(
                  Json.write(
                      Map.of(
                          "url", receiver.url(),
                          "secret", SECRET,
                          "eventTypes", List.of("*"),
                          "clients", List.of(TestRealm.CLIENT, "orders-*"),
                          "excludeClients", List.of("orders-service"),
                          "excludeUsers", List.of("svc-*"),
                          "includeRepresentation", false)))
              .expect(201)
              .json()
              .get("id")
              .asText();
      JsonNode original = WebhooksApi.asAdmin(http, REALM).get(id).expect(200).json();
      node.stop();

      Path file = node.home().resolve("exported-realm.json");
      node.run("export", List.of("--file=" + file, "--realm=" + REALM));
      JsonNode webhook = exportedWebhook(Json.read(Files.readString(file)));
      assertThat(webhook.get("id").asText()).isEqualTo(id);
      assertThat(webhook.get("config").get("secret").get(0).asText()).isEqualTo(SECRET);
      assertThat(webhook.get("config").get("url").get(0).asText()).isEqualTo(receiver.url());

      node.wipeDevDatabase();
      node.run("import", importing(file));
      node.start(options);
      WebhooksApi api = WebhooksApi.asAdmin(http, REALM);
      JsonNode list = api.list().expect(200).json();
      assertThat(list).hasSize(1);
      JsonNode imported = list.get(0);
      // Ids are the server's own on every path: an import gets a new one, as a create does.
      assertThat(imported.get("id").asText()).isNotEqualTo(id);
      api.get(id).expect(404);
      assertThat(imported.get("url").asText()).isEqualTo(receiver.url());
      assertThat(imported.get("createdBy")).isEqualTo(original.get("createdBy"));
      assertThat(imported.get("createdAt")).isEqualTo(original.get("createdAt"));
      for (String field :
          List.of("clients", "excludeClients", "excludeUsers", "includeRepresentation")) {
        assertThat(imported.get(field)).as(field).isEqualTo(original.get(field));
      }
      assertThat(original.get("clients").toString()).isEqualTo("[\"app\",\"orders-*\"]");
      assertThat(original.get("includeRepresentation").asBoolean()).isFalse();

      http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.requests().isEmpty());
      Receiver.Received event = receiver.requests().get(0);
      assertThat(event.header("X-Keycloak-Signature"))
          .isEqualTo(Signing.hexHmacSha256(SECRET, event.body()));

      assertThat(http.delete("/admin/realms/" + REALM, http.adminToken()).status()).isEqualTo(204);
      Realms.create(http, REALM);
      assertThat(api.list().json()).isEmpty();
      assertThat(api.get(imported.get("id").asText()).status()).isEqualTo(404);

      node.stop();
      node.withEnvironment("ORDERS_WEBHOOK_SECRET", ORDERS_SECRET);
      Instant beforeImport = Instant.now();
      node.run(
          "import", importing(Path.of("examples/realm-import/orders-realm.json").toAbsolutePath()));
      node.start(options);
      JsonNode fromFile = WebhooksApi.asAdmin(http, "orders").list().json();
      assertThat(fromFile).hasSize(1);
      assertThat(fromFile.get(0).get("url").asText())
          .isEqualTo("https://orders.example.com/hooks/keycloak");
      assertThat(fromFile.get(0).get("eventTypes").toString())
          .isEqualTo("[\"access.*\",\"admin.CLIENT-*\"]");
      assertThat(fromFile.get(0).get("enabled").asBoolean()).isTrue();
      assertThat(fromFile.get(0).get("createdBy").asText()).isEqualTo("realm-import");
      assertThat(Instant.parse(fromFile.get(0).get("createdAt").asText()))
          .isAfterOrEqualTo(beforeImport.minusSeconds(1));
    }
  }

  /**
   * {@code --import-realm} fills {@code ${NAME}} from the environment, so the secret stays out of
   * the file; a placeholder nobody filled is refused rather than used as the secret.
   */
  @Test
  void secretPlaceholdersAreFilledFromTheEnvironmentOrRefused() throws Exception {
    String secret = "secret-from-the-environment-" + UUID.randomUUID();
    try (KeycloakNode node =
            KeycloakNode.install("placeholders", 20480, Build.H2)
                .withEnvironment("PLACEHOLDER_WEBHOOK_SECRET", secret);
        Receiver receiver = Receiver.start();
        Receiver fallbackReceiver = Receiver.start()) {
      // ${env.NAME} stays as it is even though NAME is set; ${NAME} of an unset NAME as well.
      for (String placeholder : List.of("${env.PLACEHOLDER_WEBHOOK_SECRET}", "${UNSET_SECRET_X}")) {
        Path unresolved = node.home().resolve("unresolved-realm.json");
        Files.writeString(
            unresolved,
            RealmJson.realmWithClient(
                "unresolved", List.of(RealmJson.webhook(receiver.url(), placeholder))));
        assertThatThrownBy(() -> node.run("import", importing(unresolved)))
            .isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(node.home().resolve("command.log")))
            .contains("secret is an unresolved ${...} placeholder");
      }

      Path importDir = Files.createDirectories(node.home().resolve("data").resolve("import"));
      Files.writeString(
          importDir.resolve("placeholder-realm.json"),
          RealmJson.realmWithClient(
              "placeholder",
              List.of(
                  RealmJson.webhook(receiver.url(), "${PLACEHOLDER_WEBHOOK_SECRET}"),
                  RealmJson.webhook(fallbackReceiver.url(), "${UNSET_SECRET_Y:fallback-secret}"))));
      List<String> options = new ArrayList<>(List.of("--import-realm"));
      options.addAll(WebhookServerConfig.deliveryArgs(Map.of()));
      node.start(options);

      Http http = new Http(node.baseUrl());
      http.get("/admin/realms/unresolved", http.adminToken()).expect(404);
      JsonNode webhooks = WebhooksApi.asAdmin(http, "placeholder").list().expect(200).json();
      assertThat(webhooks).hasSize(2);
      assertThat(webhooks.findValuesAsText("createdBy")).containsOnly("realm-import");
      http.clientToken("placeholder", TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
      Receiver.Received event = receiver.requests().get(0);
      new com.standardwebhooks.Webhook(secret.getBytes(StandardCharsets.UTF_8))
          .verify(event.body(), event.headers().map());
      assertThat(event.header("X-Keycloak-Signature"))
          .isEqualTo(Signing.hexHmacSha256(secret, event.body()));
      await().atMost(Duration.ofSeconds(30)).until(() -> !fallbackReceiver.requests().isEmpty());
      Receiver.Received fallback = fallbackReceiver.requests().get(0);
      assertThat(fallback.header("X-Keycloak-Signature"))
          .isEqualTo(Signing.hexHmacSha256("fallback-secret", fallback.body()));
      assertThat(node.serverLog()).doesNotContain(secret);
    }
  }

  /** {@code kc.sh import}'s options: the delivery options, whose address rules imports obey too. */
  private static List<String> importing(Path file) {
    List<String> args = new ArrayList<>(List.of("--file=" + file));
    args.addAll(WebhookServerConfig.deliveryArgs(Map.of()));
    return args;
  }

  private static JsonNode exportedWebhook(JsonNode realm) {
    JsonNode webhooks = realm.get("components").get(RealmJson.WEBHOOKS);
    assertThat(webhooks).as("the export holds the realm's webhooks").isNotNull().hasSize(1);
    return webhooks.get(0);
  }
}
