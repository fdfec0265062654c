package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.MailServer;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * When the server turns a webhook off, the realm's webhooks that subscribe to {@code system.*} get
 * a {@code system.WEBHOOK_DISABLED} event, and the address the webhook names gets an email through
 * the realm's SMTP settings; neither holds the secret or a header value.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class AlertsIT extends SharedServerTest {

  private static final String SECRET = "alerts-it-secret-value";
  private static final String HEADER_VALUE = "alerts-it-header-value";
  private static final String OPS = "ops@example.com";
  private static final Duration PROMPTLY = Duration.ofSeconds(30);

  /** The README's limit of alert emails per realm and hour on a node. */
  private static final int ALERT_MAILS_PER_HOUR = 5;

  @Test
  void aWebhookTurnedOffIsAnnouncedToSystemSubscribersAndByEmail() throws Exception {
    Receiver gone = receivers.start();
    Receiver watcher = receivers.start();
    Receiver everything = receivers.start();
    gone.answer(410);
    String goneId =
        create(
            Map.of(
                "url", gone.url(),
                "secret", SECRET,
                "eventTypes", List.of("access.CLIENT_LOGIN"),
                "headers", Map.of("X-Api-Key", HEADER_VALUE),
                "alertEmail", OPS));
    create(Map.of("url", watcher.url(), "eventTypes", List.of("system.*")));
    create(Map.of("url", everything.url(), "eventTypes", List.of("*")));
    assertThat(api.get(goneId).expect(200).json().get("alertEmail").asText()).isEqualTo(OPS);

    try (MailServer mail = new MailServer()) {
      setSmtpServer(
          Map.of("host", "127.0.0.1", "port", "" + mail.port(), "from", "kc@example.com"));
      try {
        http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);

        await().atMost(PROMPTLY).until(() -> !watcher.requests().isEmpty());
        Receiver.Received alert = watcher.requests().get(0);
        JsonNode body = Json.read(alert.body());
        assertThat(body.get("type").asText()).isEqualTo("system.WEBHOOK_DISABLED");
        assertThat(body.at("/details/webhookId").asText()).isEqualTo(goneId);
        assertThat(body.at("/details/url").asText()).isEqualTo(gone.url());
        assertThat(body.at("/details/reason").asText()).contains("410");
        assertThat(body.get("realmName").asText()).isEqualTo(realm.getName());
        assertThat(alert.body()).doesNotContain(SECRET).doesNotContain(HEADER_VALUE);

        await().atMost(PROMPTLY).until(() -> !mail.received().isEmpty());
        MailServer.Mail sent = mail.received().get(0);
        assertThat(sent.recipients()).containsExactly(OPS);
        assertThat(sent.data())
            .contains("Webhook disabled in realm " + realm.getName())
            .contains(gone.url())
            .contains("410")
            .doesNotContain(SECRET)
            .doesNotContain(HEADER_VALUE);

        List<Receiver.Received> all =
            everything.awaitSettled(r -> true, 1, Duration.ofSeconds(3), PROMPTLY);
        assertThat(all).extracting(Receiver.Received::type).contains("access.CLIENT_LOGIN");
        assertThat(all).noneMatch(received -> received.type().startsWith("system."));
      } finally {
        setSmtpServer(Map.of());
      }
    }
  }

  @Test
  void aRealmSendsAtMostFiveAlertEmailsAnHour() throws Exception {
    String flooded = "alert-flood";
    Realms.create(http, flooded);
    WebhooksApi floodedApi = WebhooksApi.asAdmin(http, flooded);
    Receiver gone = receivers.start();
    gone.answer(410);
    Map<String, Object> webhook =
        Map.of(
            "url",
            gone.url(),
            "eventTypes",
            List.of("access.CLIENT_LOGIN"),
            "alertEmail",
            OPS,
            "enabled",
            true);
    try (MailServer mail = new MailServer()) {
      setSmtpServer(
          flooded, Map.of("host", "127.0.0.1", "port", "" + mail.port(), "from", "kc@example.com"));
      String id = floodedApi.create(Json.write(webhook)).expect(201).json().get("id").asText();
      for (int round = 1; round <= ALERT_MAILS_PER_HOUR + 2; round++) {
        if (round > 1) {
          floodedApi.update(id, Json.write(webhook)).expect(204);
        }
        http.clientToken(flooded, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
        await()
            .atMost(PROMPTLY)
            .until(() -> !floodedApi.get(id).expect(200).json().get("enabled").asBoolean());
      }

      await()
          .during(Duration.ofSeconds(3))
          .atMost(PROMPTLY)
          .until(() -> mail.received().size() == ALERT_MAILS_PER_HOUR);
    } finally {
      http.delete("/admin/realms/" + flooded, http.adminToken()).expect(204);
    }
  }

  @Test
  void anAlertEmailThatIsNotOneAddressIsRefused() {
    JsonNode refused =
        api.create(
                Json.write(
                    Map.of(
                        "url", "https://example.com/hook",
                        "eventTypes", List.of("*"),
                        "alertEmail", "ops@example.com, boss@example.com")))
            .expect(400)
            .json();

    assertThat(refused.get("error").asText()).contains("alertEmail");
    assertThat(api.list().expect(200).json()).isEmpty();
  }

  private String create(Map<String, Object> webhook) {
    return api.create(Json.write(webhook)).expect(201).json().get("id").asText();
  }

  private void setSmtpServer(Map<String, String> smtp) {
    setSmtpServer(realm.getName(), smtp);
  }

  private void setSmtpServer(String realmName, Map<String, String> smtp) {
    http.put(
            "/admin/realms/" + realmName, http.adminToken(), Json.write(Map.of("smtpServer", smtp)))
        .expect(204);
  }
}
