package io.kcwebhooks.sender;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SignaturesTest {
  private static final String PAYLOAD = "{\"type\":\"access.LOGIN\",\"realm\":\"tést\"}";
  private static final byte[] BODY = PAYLOAD.getBytes(UTF_8);
  private static final String MESSAGE_ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

  @Test
  void keycloakSignatureIsHexHmacOfTheBody() throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(UTF_8), "HmacSHA256"));
    String expected = HexFormat.of().formatHex(mac.doFinal(BODY));

    assertThat(Signatures.keycloakSignature("s3cret", BODY))
        .isEqualTo(expected)
        .matches("[0-9a-f]{64}");
  }

  @Test
  void keycloakSignatureMatchesAKnownAnswer() {
    byte[] body = "The quick brown fox jumps over the lazy dog".getBytes(UTF_8);

    assertThat(Signatures.keycloakSignature("key", body))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void standardWebhooksSignatureSignsIdTimestampAndBody() throws Exception {
    byte[] key = {1, 2, 3, 4, 5, 6, 7, 8};
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update((MESSAGE_ID + ".1614265330.").getBytes(UTF_8));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(BODY));

    assertThat(Signatures.standardWebhooksSignature(key, MESSAGE_ID, 1614265330L, BODY))
        .isEqualTo(expected);
  }

  @Test
  void whsecSecretIsBase64Key() {
    assertThat(Signatures.standardWebhooksKey("whsec_AQIDBA==")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void plainSecretIsItsUtf8Bytes() {
    assertThat(Signatures.standardWebhooksKey("plain-sécret"))
        .isEqualTo("plain-sécret".getBytes(UTF_8));
  }

  @Test
  void malformedWhsecSecretIsRejectedWithoutRevealingIt() {
    assertThatThrownBy(() -> Signatures.standardWebhooksKey("whsec_not*base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("secret starting with whsec_ must be base64 after the prefix")
        .hasNoCause();
  }

  @Test
  void officialLibraryVerifiesWhsecSecretSignature() {
    byte[] key = "0123456789abcdef0123456789abcdef".getBytes(UTF_8);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    Map<String, List<String>> headers = signedHeaders(Signatures.standardWebhooksKey(secret));

    assertThatCode(() -> new Webhook(secret).verify(PAYLOAD, headers)).doesNotThrowAnyException();
  }

  @Test
  void officialLibraryVerifiesPlainSecretSignature() {
    String secret = "a plain shared secret";
    Map<String, List<String>> headers = signedHeaders(Signatures.standardWebhooksKey(secret));
    Webhook receiver = new Webhook(secret.getBytes(UTF_8));

    assertThatCode(() -> receiver.verify(PAYLOAD, headers)).doesNotThrowAnyException();
  }

  @Test
  void officialLibraryRejectsTamperedBody() {
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    Map<String, List<String>> headers = signedHeaders(Signatures.standardWebhooksKey(secret));

    assertThatThrownBy(
            () -> new Webhook(secret).verify(PAYLOAD.replace("LOGIN", "LOGOUT"), headers))
        .isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void duringARotationTheOfficialLibraryVerifiesWithEitherSecret() {
    long now = Instant.now().getEpochSecond();
    String signatures =
        Signatures.standardWebhooksSignatures(
            List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "the old secret"),
            MESSAGE_ID,
            now,
            BODY);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(MESSAGE_ID),
            "webhook-timestamp", List.of(Long.toString(now)),
            "webhook-signature", List.of(signatures));

    assertThat(signatures.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThatCode(
            () -> new Webhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").verify(PAYLOAD, headers))
        .doesNotThrowAnyException();
    assertThatCode(() -> new Webhook("the old secret".getBytes(UTF_8)).verify(PAYLOAD, headers))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new Webhook("another secret".getBytes(UTF_8)).verify(PAYLOAD, headers))
        .isInstanceOf(WebhookVerificationException.class);
  }

  /** The library checks that the timestamp is within five minutes of its clock. */
  private static Map<String, List<String>> signedHeaders(byte[] key) {
    long now = Instant.now().getEpochSecond();
    String signature = Signatures.standardWebhooksSignature(key, MESSAGE_ID, now, BODY);
    return Map.of(
        "webhook-id", List.of(MESSAGE_ID),
        "webhook-timestamp", List.of(Long.toString(now)),
        "webhook-signature", List.of(signature));
  }
}
