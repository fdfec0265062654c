package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimedDelivery;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.UUID;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.JsonWebToken;

/**
 * Short-lived JWTs for webhooks that ask for {@code Authorization: Bearer}: signed with the realm's
 * active key for its default algorithm, so that a receiver checks them against the realm's JWKS
 * like any token of the realm. Each attempt gets a new token, bound to the body it comes with.
 *
 * <p>Sharing the realm's key means the token must not pass for one of the realm's access tokens:
 * its JOSE {@code typ} is {@link #TYPE} (explicit typing, RFC 8725 section 3.11), which JOSE
 * libraries refuse where they expect a plain JWT; it has no {@code typ} claim, which Keycloak's
 * endpoints need to see {@code Bearer}; and its {@code sub} starts with {@link #SUBJECT_PREFIX},
 * which no user id does.
 */
final class BearerTokens {

  static final String TYPE = "webhook+jwt";
  static final String SUBJECT_PREFIX = "webhook:";

  /** As long as the Standard Webhooks libraries accept a timestamp. */
  static final long LIFETIME_SECONDS = 300;

  /** The claim with the SHA-256 of the request body, base64url without padding. */
  static final String BODY_HASH_CLAIM = "body_sha256";

  /** Why an attempt could not get a token; it fails like an unanswered request and is retried. */
  static final class Unavailable extends Exception {
    Unavailable(String message) {
      super(message);
    }
  }

  private final KeycloakSessionFactory sessionFactory;
  private final Clock clock;

  BearerTokens(KeycloakSessionFactory sessionFactory, Clock clock) {
    this.sessionFactory = sessionFactory;
    this.clock = clock;
  }

  /** A token for this attempt, or null when the webhook wants none. */
  String tokenFor(SendJob job) throws Unavailable {
    if (!job.endpoint().options().bearerToken()) {
      return null;
    }
    ClaimedDelivery delivery = job.delivery();
    String issuer = delivery.producedBy().issuer();
    if (issuer == null) {
      throw new Unavailable(
          "bearer token: the event came from no HTTP request, so the realm's URL is unknown");
    }
    JsonWebToken claims = claims(delivery, issuer, job.endpoint().url());
    try {
      return KeycloakModelUtils.runJobInTransactionWithResult(
          sessionFactory,
          session -> {
            RealmModel realm = session.realms().getRealm(delivery.realmId());
            session.getContext().setRealm(realm);
            String algorithm = algorithmOf(realm);
            return new JWSBuilder()
                .type(TYPE)
                .jsonContent(claims)
                .sign(session.getProvider(SignatureProvider.class, algorithm).signer());
          });
    } catch (RuntimeException e) {
      throw new Unavailable("bearer token: the realm could not sign one: " + e.getMessage());
    }
  }

  private JsonWebToken claims(ClaimedDelivery delivery, String issuer, String audience) {
    long now = clock.millis() / 1000;
    JsonWebToken token = new JsonWebToken();
    token.id(UUID.randomUUID().toString());
    token.issuer(issuer);
    token.audience(audience);
    token.subject(SUBJECT_PREFIX + delivery.webhookId());
    token.iat(now);
    token.exp(now + LIFETIME_SECONDS);
    token.setOtherClaims(BODY_HASH_CLAIM, sha256(delivery.body()));
    return token;
  }

  private static String algorithmOf(RealmModel realm) {
    String algorithm = realm.getDefaultSignatureAlgorithm();
    return algorithm == null || algorithm.isEmpty() ? Algorithm.RS256 : algorithm;
  }

  static String sha256(byte[] body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime must support SHA-256", e);
    }
  }
}
