package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * A changed secret: for the rotation window, {@code webhook-signature} carries a signature with
 * each secret and the official Standard Webhooks library accepts either; after it, only the new
 * one. The server under test has a window of {@link WebhookServerConfig#ROTATION_WINDOW}.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class SecretRotationIT extends SharedServerTest {

  private static final String OLD_SECRET = "the-old-secret";
  private static final String NEW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String EVENT = "access.CLIENT_LOGIN";
  private static final Duration PROMPTLY = Duration.ofSeconds(30);

  @Test
  void bothSecretsSignDuringTheWindowAndOnlyTheNewOneAfterIt() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), OLD_SECRET, EVENT);
    assertThat(api.get(id).expect(200).json().has("previousSecretExpiresAt")).isFalse();

    api.update(id, body(receiver.url(), NEW_SECRET)).expect(204);
    JsonNode rotated = api.get(id).expect(200).json();
    Instant expiresAt = Instant.parse(rotated.get("previousSecretExpiresAt").asText());
    assertThat(rotated.toString()).doesNotContain(OLD_SECRET).doesNotContain(NEW_SECRET);

    Receiver.Received during = Logins.nextDelivery(http, realm.getName(), receiver);
    assertThat(Long.parseLong(during.header("webhook-timestamp")))
        .isLessThan(expiresAt.getEpochSecond());
    assertThat(during.header("webhook-signature").split(" ")).hasSize(2);
    assertThatCode(() -> verify(new Webhook(NEW_SECRET), during)).doesNotThrowAnyException();
    assertThatCode(() -> verify(oldSecretReceiver(), during)).doesNotThrowAnyException();
    assertThat(during.header("X-Keycloak-Signature"))
        .isEqualTo(Signing.hexHmacSha256(NEW_SECRET, during.body()));

    await()
        .atMost(WebhookServerConfig.ROTATION_WINDOW.plus(PROMPTLY))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !api.get(id).expect(200).json().has("previousSecretExpiresAt"));
    Receiver.Received after = Logins.nextDelivery(http, realm.getName(), receiver);

    assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
    assertThatCode(() -> verify(new Webhook(NEW_SECRET), after)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verify(oldSecretReceiver(), after))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void removingTheSecretEndsSigningAtOnce() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), OLD_SECRET, EVENT);

    api.update(id, body(receiver.url(), "")).expect(204);

    assertThat(api.get(id).expect(200).json().has("previousSecretExpiresAt")).isFalse();
    Receiver.Received unsigned = Logins.nextDelivery(http, realm.getName(), receiver);
    assertThat(unsigned.header("webhook-signature")).isNull();
  }

  @Test
  void aNewReceiverGetsOnlyTheSecretSentWithItsUrl() throws Exception {
    Receiver before = receivers.start();
    Receiver after = receivers.start();
    String id = api.create(before.url(), OLD_SECRET, EVENT);

    api.update(id, body(after.url(), NEW_SECRET)).expect(204);

    assertThat(api.get(id).expect(200).json().has("previousSecretExpiresAt")).isFalse();
    Receiver.Received moved = Logins.nextDelivery(http, realm.getName(), after);
    assertThat(moved.header("webhook-signature").split(" ")).hasSize(1);
    assertThatCode(() -> verify(new Webhook(NEW_SECRET), moved)).doesNotThrowAnyException();
  }

  private static Webhook oldSecretReceiver() {
    return new Webhook(OLD_SECRET.getBytes(StandardCharsets.UTF_8));
  }

  private static void verify(Webhook receiver, Receiver.Received delivery)
      throws WebhookVerificationException {
    receiver.verify(delivery.body(), delivery.headers().map());
  }

  private static String body(String url, String secret) {
    return Json.write(Map.of("url", url, "secret", secret, "eventTypes", List.of(EVENT)));
  }
}
