package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

/** Bad input gets a 400 with a JSON message, and nothing is stored or changed. */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class ValidationIT {

  @InjectRealm(config = TestRealm.class)
  ManagedRealm realm;

  @InjectKeycloakUrls KeycloakUrls urls;

  WebhooksApi api;
  String existing;

  @BeforeEach
  void setUp() {
    Http http = new Http(urls.getBase());
    api = WebhooksApi.asAdmin(http, realm.getName());
    api.deleteAll();
    existing = api.create("https://example.com/existing", "s3cret", "access.*");
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
