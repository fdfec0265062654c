package io.kcwebhooks.sender;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs request bodies so that receivers can check they come from this Keycloak. */
final class Signatures {
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final String STANDARD_WEBHOOKS_PREFIX = "whsec_";

  private Signatures() {}

  /**
   * The {@code X-Keycloak-Signature} value, as the p2-inc keycloak-events extension computes it, so
   * that receivers written for that extension keep working.
   */
  public static String keycloakSignature(String secret, byte[] body) {
    return HexFormat.of().formatHex(hmacSha256(secret.getBytes(UTF_8)).doFinal(body));
  }

  /**
   * The HMAC key for Standard Webhooks signatures: {@code whsec_} secrets carry a base64 key, as
   * the spec's libraries expect; any other secret is used as it is.
   */
  public static byte[] standardWebhooksKey(String secret) {
    if (!secret.startsWith(STANDARD_WEBHOOKS_PREFIX)) {
      return secret.getBytes(UTF_8);
    }
    try {
      return Base64.getDecoder().decode(secret.substring(STANDARD_WEBHOOKS_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      // The decoder's message quotes a character of the secret, so it is not passed on.
      throw new IllegalArgumentException(
          "secret starting with whsec_ must be base64 after the prefix");
    }
  }

  /**
   * The {@code webhook-signature} value with one signature per secret, separated by spaces as the
   * spec allows, so that a receiver that knows either secret accepts the delivery.
   */
  public static String standardWebhooksSignatures(
      List<String> secrets, String messageId, long timestampSeconds, byte[] body) {
    return secrets.stream()
        .map(
            secret ->
                standardWebhooksSignature(
                    standardWebhooksKey(secret), messageId, timestampSeconds, body))
        .collect(Collectors.joining(" "));
  }

  /** One signature of the {@code webhook-signature} value of the Standard Webhooks spec. */
  public static String standardWebhooksSignature(
      byte[] key, String messageId, long timestampSeconds, byte[] body) {
    Mac mac = hmacSha256(key);
    mac.update((messageId + "." + timestampSeconds + ".").getBytes(UTF_8));
    return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
  }

  private static Mac hmacSha256(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC_SHA256);
      mac.init(new SecretKeySpec(key, HMAC_SHA256));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime must support " + HMAC_SHA256, e);
    }
  }
}
