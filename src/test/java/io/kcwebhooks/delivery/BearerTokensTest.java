package io.kcwebhooks.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.SendOptions;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** What needs no realm; signing itself is checked against a real realm by BearerTokenIT. */
class BearerTokensTest {

  private final BearerTokens tokens = new BearerTokens(null, Clock.systemUTC());

  @Test
  void aWebhookWithoutTokensGetsNone() throws Exception {
    assertThat(tokens.tokenFor(job(false, "https://sso.example.com/realms/demo"))).isNull();
  }

  @Test
  void anEventWithoutTheRealmsUrlCannotGetOne() {
    assertThatThrownBy(() -> tokens.tokenFor(job(true, null)))
        .isInstanceOf(BearerTokens.Unavailable.class)
        .hasMessageContaining("no HTTP request");
  }

  @Test
  void theBodyHashIsBase64UrlOfSha256() {
    // SHA-256 of "abc", from FIPS 180-2, in base64url without padding.
    assertThat(BearerTokens.sha256("abc".getBytes(UTF_8)))
        .isEqualTo("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  }

  private static SendJob job(boolean bearerToken, String issuer) {
    ClaimedDelivery delivery =
        new ClaimedDelivery(
            "d1",
            "w1",
            "r1",
            "access.LOGIN",
            1,
            1,
            "t",
            new ProducingRequest(issuer, null),
            "{}".getBytes(UTF_8));
    Endpoint endpoint =
        new Endpoint(
            "w1",
            "https://example.com/hook",
            Secrets.NONE,
            SendOptions.DEFAULT.withBearerToken(bearerToken));
    return new SendJob(delivery, endpoint);
  }
}
