package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Receivers that want a token: a webhook with {@code bearerToken} sends a JWT that a receiver
 * checks with the realm's published keys and a standard JOSE library; custom headers are sent and
 * never shown again.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class BearerTokenIT extends SharedServerTest {

  private static final String EVENT = "access.CLIENT_LOGIN";
  private static final String API_KEY = "k-7f3a9c2e";

  @Test
  void aReceiverVerifiesTheTokenWithTheRealmsPublishedKeys() throws Exception {
    Receiver receiver = receivers.start();
    String id =
        api.create(
                Json.write(
                    Map.of(
                        "url", receiver.url(),
                        "eventTypes", List.of(EVENT),
                        "bearerToken", true,
                        "headers", Map.of("X-Api-Key", API_KEY))))
            .expect(201)
            .json()
            .get("id")
            .asText();

    Receiver.Received delivery = Logins.nextDelivery(http, realm.getName(), receiver);
    String authorization = delivery.header("Authorization");
    assertThat(authorization).startsWith("Bearer ");

    String issuer = urls.getBase() + "/realms/" + realm.getName();
    JWTClaimsSet claims = verified(authorization.substring("Bearer ".length()), issuer, receiver);
    assertThat(claims.getStringClaim("body_sha256"))
        .isEqualTo(sha256(delivery.body().getBytes(StandardCharsets.UTF_8)));
    long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
    assertThat(lifetime).isEqualTo(300_000);
    assertThat(claims.getSubject()).isEqualTo("webhook:" + id);
    assertThat(delivery.header("X-Api-Key")).isEqualTo(API_KEY);
    assertThat(delivery.header("traceparent")).as("this server runs without tracing").isNull();
  }

  /**
   * The token is signed with the realm's key, so it must not pass for an access token: Keycloak's
   * own endpoints refuse it, and so does a JOSE library left at its defaults.
   */
  @Test
  void theTokenCannotPassForAnAccessToken() throws Exception {
    Receiver receiver = receivers.start();
    api.create(
            Json.write(
                Map.of("url", receiver.url(), "eventTypes", List.of(EVENT), "bearerToken", true)))
        .expect(201);
    String token =
        Logins.nextDelivery(http, realm.getName(), receiver)
            .header("Authorization")
            .substring("Bearer ".length());
    String oidc = "/realms/" + realm.getName() + "/protocol/openid-connect";

    assertThat(http.get(oidc + "/userinfo", token).status()).isEqualTo(401);
    JsonNode introspected =
        http.postForm(
                oidc + "/token/introspect",
                Map.of(
                    "token", token,
                    "client_id", TestRealm.CLIENT,
                    "client_secret", TestRealm.CLIENT_SECRET))
            .expect(200)
            .json();
    assertThat(introspected.get("active").asBoolean()).isFalse();
    Http.Response refreshed =
        http.postForm(
            oidc + "/token",
            Map.of(
                "grant_type",
                "refresh_token",
                "refresh_token",
                token,
                "client_id",
                TestRealm.CLIENT,
                "client_secret",
                TestRealm.CLIENT_SECRET));
    assertThat(refreshed.status()).as(refreshed.body()).isEqualTo(400);
    assertThat(refreshed.json().get("error").asText()).isEqualTo("invalid_grant");

    String issuer = urls.getBase() + "/realms/" + realm.getName();
    DefaultJWTProcessor<SecurityContext> accessTokenCheck = new DefaultJWTProcessor<>();
    accessTokenCheck.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            JWSAlgorithm.RS256,
            JWKSourceBuilder.create(URI.create(issuer + "/protocol/openid-connect/certs").toURL())
                .build()));
    assertThatThrownBy(() -> accessTokenCheck.process(token, null))
        .isInstanceOf(BadJOSEException.class)
        .hasMessageContaining("type");
  }

  @Test
  void headerValuesAreWriteOnlyAndKeptByAPutWithoutThem() throws Exception {
    Receiver receiver = receivers.start();
    String id =
        api.create(
                Json.write(
                    Map.of(
                        "url", receiver.url(),
                        "eventTypes", List.of(EVENT),
                        "headers", Map.of("X-Api-Key", API_KEY))))
            .expect(201)
            .json()
            .get("id")
            .asText();

    api.update(id, Json.write(Map.of("url", receiver.url(), "eventTypes", List.of(EVENT))))
        .expect(204);

    JsonNode shown = api.get(id).expect(200).json();
    assertThat(shown.get("headerNames").toString()).isEqualTo("[\"X-Api-Key\"]");
    assertThat(api.list().expect(200).body()).doesNotContain(API_KEY);
    assertThat(shown.get("bearerToken").asBoolean()).isFalse();
    assertThat(Logins.nextDelivery(http, realm.getName(), receiver).header("X-Api-Key"))
        .isEqualTo(API_KEY);

    api.update(
            id,
            Json.write(
                Map.of("url", receiver.url(), "eventTypes", List.of(EVENT), "headers", Map.of())))
        .expect(204);
    assertThat(api.get(id).expect(200).json().get("headerNames")).isEmpty();
    assertThat(Logins.nextDelivery(http, realm.getName(), receiver).header("X-Api-Key")).isNull();
  }

  @Test
  void headersTheServerSetsAreRefused() throws Exception {
    Receiver receiver = receivers.start();
    String body =
        Json.write(
            Map.of(
                "url", receiver.url(),
                "eventTypes", List.of(EVENT),
                "headers", Map.of("Authorization", "Basic " + API_KEY)));

    JsonNode refused = api.create(body).expect(400).json();

    assertThat(refused.get("error").asText()).contains("Authorization").doesNotContain(API_KEY);
    assertThat(api.list().expect(200).json()).isEmpty();
  }

  /** What a receiver does: keys from the realm's JWKS, then signature, issuer, audience, expiry. */
  private static JWTClaimsSet verified(String token, String issuer, Receiver receiver)
      throws Exception {
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.create(URI.create(issuer + "/protocol/openid-connect/certs").toURL())
            .build();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("webhook+jwt")));
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    processor.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            receiver.url(),
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("exp", "iat", "body_sha256")));
    return processor.process(token, null);
  }

  private static String sha256(byte[] body) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
