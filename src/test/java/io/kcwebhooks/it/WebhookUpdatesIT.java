package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Changes to a webhook: what a PUT leaves out is kept (the secret, the enabled state), an empty
 * secret removes the signature, a disabled webhook can still be tested with a ping, and a deleted
 * one gets none of its pending retries.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class WebhookUpdatesIT extends SharedServerTest {

  private static final String SECRET = "kept-secret";
  private static final String EVENT = "access.CLIENT_LOGIN";

  @Test
  void aPutWithoutSecretKeepsItAndAnEmptySecretRemovesIt() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), SECRET, EVENT);

    api.update(id, update(receiver.url(), Map.of())).expect(204);
    Receiver.Received signed = Logins.nextDelivery(http, realm.getName(), receiver);

    assertThat(signed.header("X-Keycloak-Signature"))
        .isEqualTo(Signing.hexHmacSha256(SECRET, signed.body()));
    assertThat(signed.header("webhook-signature")).startsWith("v1,");

    api.update(id, update(receiver.url(), Map.of("secret", ""))).expect(204);
    Receiver.Received unsigned = Logins.nextDelivery(http, realm.getName(), receiver);

    assertThat(unsigned.header("X-Keycloak-Signature")).isNull();
    assertThat(unsigned.header("webhook-signature")).isNull();
    assertThat(unsigned.webhookId()).isNotBlank();
  }

  @Test
  void aPutWithoutEnabledLeavesADisabledWebhookDisabled() throws Exception {
    Receiver disabled = receivers.start();
    Receiver witness = receivers.start();
    api.create(witness.url(), null, EVENT);
    String id = api.create(disabled.url(), null, EVENT);
    api.update(id, update(disabled.url(), Map.of("enabled", false))).expect(204);

    api.update(id, update(disabled.url(), Map.of("eventTypes", List.of(EVENT, "access.LOGIN"))))
        .expect(204);

    JsonNode webhook = api.get(id).expect(200).json();
    assertThat(webhook.get("eventTypes").toString()).contains("access.LOGIN\"");
    assertThat(webhook.get("enabled").asBoolean()).isFalse();
    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await().atMost(Duration.ofSeconds(30)).until(() -> witness.requests().size() == 1);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> disabled.requests().isEmpty());
  }

  @Test
  void aDisabledWebhookIsStillSentTestPings() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), SECRET, EVENT);
    api.update(id, update(receiver.url(), Map.of("enabled", "false"))).expect(204);
    assertThat(api.get(id).expect(200).json().get("enabled").asBoolean()).isFalse();

    JsonNode ping = api.pingOutcome(id);

    assertThat(ping.get("status").asText()).isEqualTo("delivered");
    assertThat(ping.get("eventType").asText()).isEqualTo("system.PING");
    assertThat(receiver.requests()).hasSize(1);
    Receiver.Received received = receiver.requests().get(0);
    JsonNode body = Json.read(received.body());
    assertThat(body.get("type").asText()).isEqualTo("system.PING");
    assertThat(body.get("uid").asText())
        .isEqualTo(received.webhookId())
        .isEqualTo(ping.get("id").asText());
    assertThat(body.at("/details/webhookId").asText()).isEqualTo(id);
    assertThat(body.get("realmId").asText()).isNotBlank();
    assertThat(body.get("id").asText()).isNotBlank();
    assertThat(body.get("time").isIntegralNumber()).isTrue();
    new Webhook(SECRET.getBytes(StandardCharsets.UTF_8))
        .verify(received.body(), received.headers().map());
  }

  @Test
  void aDeletedWebhooksPendingDeliveryIsNotSentAgain() throws Exception {
    Receiver receiver = receivers.start();
    receiver.answer(503);
    String id = api.create(receiver.url(), null, EVENT);
    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());

    api.delete(id).expect(204);
    int sentBeforeDeletion = receiver.requests().size();

    assertThat(sentBeforeDeletion).isLessThan(WebhookServerConfig.ATTEMPTS);
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(15))
        .until(() -> receiver.requests().size() == sentBeforeDeletion);
  }

  /**
   * A PUT body with url and eventTypes, plus the given fields; no secret or enabled unless given.
   */
  private static String update(String url, Map<String, Object> fields) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", url);
    body.put("eventTypes", List.of(EVENT));
    body.putAll(fields);
    return Json.write(body);
  }
}
