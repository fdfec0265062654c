package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class WebhooksApiIT extends SharedServerTest {

  @Test
  void createAnswers201WithLocationAndServerSetFields() {
    Http.Response created =
        api.create(
                """
            {"id": "client-chosen", "createdBy": "someone", "createdAt": "2001-01-01T00:00:00Z",
             "enabled": "true", "url": "https://example.com/some/webhook",
             "secret": "ofj09saP4", "eventTypes": ["*"]}
            """)
            .expect(201);

    JsonNode body = created.json();
    String id = body.get("id").asText();
    assertThat(id).isNotEqualTo("client-chosen");
    assertThat(created.location()).endsWith("/realms/" + realm.getName() + "/webhooks/" + id);
    assertThat(body.get("createdBy").asText()).isEqualTo(adminUserId());
    OffsetDateTime createdAt =
        OffsetDateTime.parse(
            body.get("createdAt").asText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertThat(createdAt).isAfter(OffsetDateTime.now().minusMinutes(5));
    assertThat(body.has("secret")).isFalse();

    Http.Response fetched =
        http.get(created.location().replace(http.baseUrl(), ""), token()).expect(200);
    assertThat(fetched.json().get("url").asText()).isEqualTo("https://example.com/some/webhook");
    assertThat(fetched.json().get("enabled").asBoolean()).isTrue();
    assertThat(fetched.json().get("eventTypes").get(0).asText()).isEqualTo("*");
  }

  @Test
  void secretIsNeverReturned() {
    String id = api.create("https://example.com/a", "ofj09saP4", "*");

    assertThat(api.list().expect(200).body())
        .doesNotContain("ofj09saP4")
        .doesNotContain("\"secret\"");
    assertThat(api.get(id).expect(200).body())
        .doesNotContain("ofj09saP4")
        .doesNotContain("\"secret\"");
  }

  @Test
  void enabledIsAcceptedAsStringOrBoolean() {
    String fromString =
        api.create(
                """
                {"enabled": "false", "url": "https://example.com/a", "eventTypes": ["*"]}""")
            .expect(201)
            .json()
            .get("id")
            .asText();
    String fromBoolean =
        api.create(
                """
                {"enabled": false, "url": "https://example.com/b", "eventTypes": ["*"]}""")
            .expect(201)
            .json()
            .get("id")
            .asText();

    assertThat(api.get(fromString).expect(200).json().get("enabled").asBoolean()).isFalse();
    assertThat(api.get(fromBoolean).expect(200).json().get("enabled").asBoolean()).isFalse();
  }

  @Test
  void putReplacesTheWebhookAndIgnoresServerFields() {
    String id = api.create("https://example.com/a", "s3cret-value", "*");
    JsonNode before = api.get(id).expect(200).json();

    api.update(
            id,
            """
            {"id": "other", "createdBy": "x", "createdAt": "2001-01-01T00:00:00Z",
             "enabled": true, "url": "https://example.com/b", "secret": "s3cret-value", "eventTypes": ["access.*", "admin.CLIENT-*"]}
            """)
        .expect(204);

    JsonNode after = api.get(id).expect(200).json();
    assertThat(after.get("id").asText()).isEqualTo(id);
    assertThat(after.get("url").asText()).isEqualTo("https://example.com/b");
    assertThat(after.get("eventTypes").toString()).isEqualTo("[\"access.*\",\"admin.CLIENT-*\"]");
    assertThat(after.get("createdBy")).isEqualTo(before.get("createdBy"));
    assertThat(after.get("createdAt")).isEqualTo(before.get("createdAt"));
  }

  @Test
  void listShowsEveryWebhookOfTheRealm() {
    String a = api.create("https://example.com/a", null, "*");
    String b = api.create("https://example.com/b", null, "access.*");

    JsonNode list = api.list().expect(200).json();

    assertThat(list.findValuesAsText("id")).containsExactlyInAnyOrder(a, b);
  }

  @Test
  void deleteAnswers204AndTheWebhookIsGone() {
    String id = api.create("https://example.com/a", null, "*");

    api.delete(id).expect(204);
    api.get(id).expect(404);
  }

  @Test
  void unknownIdAnswers404WithJson() {
    for (Http.Response response :
        new Http.Response[] {
          api.get("no-such-id"),
          api.update("no-such-id", WebhooksApi.webhook("https://example.com/a", null, "*")),
          api.delete("no-such-id")
        }) {
      assertThat(response.expect(404).json().get("error").asText()).contains("no-such-id");
    }
  }

  private String token() {
    return http.adminToken();
  }

  private String adminUserId() {
    return http.get("/admin/realms/master/users?username=admin&exact=true", token())
        .expect(200)
        .json()
        .get(0)
        .get("id")
        .asText();
  }
}
