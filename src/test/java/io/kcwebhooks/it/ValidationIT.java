package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.RealmJson;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Bad input gets a 400 with a JSON message, and nothing is stored or changed; limits answer 409 and
 * 429.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class ValidationIT extends SharedServerTest {

  /** The default limit of the shared server, which sets no max-webhooks-per-realm. */
  private static final int MAX_WEBHOOKS = 50;

  String existing;

  @BeforeEach
  void createTheExistingWebhook() {
    // Unsigned, so that a body with another url is refused for its own fault, not for leaving out
    // the secret a new url needs.
    existing = api.create("https://example.com/existing", null, "access.*");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "not json",
        "{\"url\": \"https://example.com\", \"eventTypes\": [\"*\"]",
        "[]",
        "\"a string\"",
        "{}",
        "{\"eventTypes\": [\"*\"]}",
        "{\"url\": \"https://example.com/a\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": []}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": \"*\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [1]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [null]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"foo.*\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"admin.(USER)\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"a*b\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"access.LOGN\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"clients\": \"app\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"excludeUsers\": [\"a*b\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"includeRepresentation\": 1}",
        "{\"url\": 42, \"eventTypes\": [\"*\"]}",
        "{\"url\": \"ftp://example.com/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"/relative\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"https://\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"https://user:pw@example.com/\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"https://exa mple.com/\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"enabled\": \"yes\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"enabled\": 1}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": 5}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"whsec_***\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"${HOOK_SECRET}\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"${env.X:y}\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"**********\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"changeme\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"<secret>\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"short\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"xxxxxxxxxxxx\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"secret\": \"whsec_dGVzdA==\"}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"headers\": {\"X-Key\": \"**********\"}}",
        "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"headers\": {\"X-Key\": \"${KEY}\"}}",
        "{\"url\": \"http://127.0.0.2/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://169.254.169.254/latest\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://localhost:8080/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://[::1]/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://[::ffff:10.0.0.1]/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://10.1.2.3/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://192.168.0.1/a\", \"eventTypes\": [\"*\"]}",
        "{\"url\": \"http://0.0.0.0/a\", \"eventTypes\": [\"*\"]}"
      })
  void badBodiesAnswer400AndStoreNothing(String body) {
    assertRefused(api.create(body));
    assertRefused(api.update(existing, body));
  }

  @Test
  void overLongFieldsAreRefused() {
    String longUrl = "https://example.com/" + "a".repeat(3000);
    assertRefused(api.create(WebhooksApi.webhook(longUrl, null, "*")));
    assertRefused(api.create(WebhooksApi.webhook("https://example.com/a", "s".repeat(300), "*")));
    assertRefused(
        api.create(
            WebhooksApi.webhook("https://example.com/a", null, "access." + "A".repeat(200))));
    String[] many = new String[60];
    java.util.Arrays.fill(many, "access.LOGIN");
    assertRefused(api.create(WebhooksApi.webhook("https://example.com/a", null, many)));
  }

  @Test
  void anOversizedBodyIsRefused() {
    String padding = "x".repeat(70 * 1024);
    assertRefused(
        api.create(
            "{\"url\": \"https://example.com/a\", \"eventTypes\": [\"*\"], \"pad\": \""
                + padding
                + "\"}"));
  }

  @Test
  void aSecretThatIsStillAPlaceholderIsRefusedWithoutRepeatingIt() {
    Http.Response refused =
        api.create(
            WebhooksApi.webhook("https://example.com/a", "prefix-${WEBHOOK_SECRET_NAME}", "*"));

    assertRefused(refused);
    assertThat(refused.json().get("error").asText()).contains("placeholder");
    assertThat(refused.body()).doesNotContain("WEBHOOK_SECRET_NAME").doesNotContain("prefix-");
  }

  @Test
  void aNewUrlNeedsTheSecretAndHeadersAgain() {
    String signed =
        api.create(
                Json.write(
                    Map.of(
                        "url",
                        "https://example.com/signed",
                        "secret",
                        "given-for-signed",
                        "headers",
                        Map.of("X-Key", "given-for-signed"),
                        "eventTypes",
                        List.of("*"))))
            .expect(201)
            .json()
            .get("id")
            .asText();
    String moved = "https://example.com/elsewhere";

    Http.Response noSecret =
        api.update(
            signed,
            Json.write(
                Map.of("url", moved, "headers", Map.of("X-Key", "k"), "eventTypes", List.of("*"))));
    Http.Response noHeaders =
        api.update(
            signed,
            Json.write(
                Map.of("url", moved, "secret", "new-secret-value", "eventTypes", List.of("*"))));

    assertThat(noSecret.expect(400).json().get("error").asText()).contains("needs the secret");
    assertThat(noHeaders.expect(400).json().get("error").asText()).contains("needs headers");
    assertThat(api.get(signed).expect(200).json().get("url").asText())
        .isEqualTo("https://example.com/signed");
    api.update(
            signed,
            Json.write(
                Map.of(
                    "url",
                    moved,
                    "secret",
                    "given-for-signed",
                    "headers",
                    Map.of(),
                    "eventTypes",
                    List.of("*"))))
        .expect(204);
    assertThat(api.get(signed).expect(200).json().get("url").asText()).isEqualTo(moved);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "?since=-999999999-01-01T00:00:00Z&until=%2B999999999-12-31T00:00:00Z",
        "?since=-999999999-01-01T00:00:00Z",
        "?since=2026-01-01T00:00:00Z&until=%2B999999999-12-31T00:00:00Z",
        "?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
        "?since=2026-01-01T00:00:00Z&until=2026-01-01T00:00:00Z"
      })
  void unusableReplayWindowsAnswer400(String query) {
    Http.Response response = api.replay(existing, query);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isNotBlank();
  }

  @Test
  void aRealmHoldsAtMostTheConfiguredNumberOfWebhooksOnEveryPath() {
    for (int i = 1; i < MAX_WEBHOOKS; i++) {
      api.create("https://example.com/" + i, null, "access.LOGIN");
    }

    Http.Response refused = api.create(WebhooksApi.webhook("https://example.com/x", null, "*"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).contains("max-webhooks-per-realm");
    assertThat(api.list().expect(200).json()).hasSize(MAX_WEBHOOKS);

    List<Map<String, Object>> tooMany = new ArrayList<>();
    for (int i = 0; i <= MAX_WEBHOOKS; i++) {
      tooMany.add(RealmJson.webhook("https://example.com/" + i, null));
    }
    String name = "crowded-" + UUID.randomUUID();
    Http.Response crowded =
        http.post("/admin/realms", http.adminToken(), RealmJson.realmWithWebhooks(name, tooMany));
    assertThat(crowded.status()).as(crowded.body()).isEqualTo(409);
    assertThat(crowded.json().get("error").asText()).contains("max-webhooks-per-realm");
    http.get("/admin/realms/" + name, http.adminToken()).expect(404);
  }

  @ParameterizedTest
  @ValueSource(strings = {"?max=abc", "?max=0", "?max=1000", "?first=-1", "?status=lost"})
  void badDeliveryLogQueriesAnswer400(String query) {
    Http.Response response = api.deliveries(existing, query);
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isNotBlank();
  }

  private void assertRefused(Http.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.json().get("error").asText()).isNotBlank();
    assertThat(api.list().json().size()).isEqualTo(1);
    assertThat(api.get(existing).json().get("url").asText())
        .isEqualTo("https://example.com/existing");
    assertThat(api.get(existing).json().get("eventTypes").get(0).asText()).isEqualTo("access.*");
  }
}
