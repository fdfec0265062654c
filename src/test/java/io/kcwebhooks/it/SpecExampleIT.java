package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.AuthPathNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.TestRealm;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The spec's own example request, against a server serving under {@code /auth} as it shows. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(AuthPathNode.LOCK)
class SpecExampleIT {

  @Test
  void theSpecsExampleCreatesAWebhookForAllEvents() throws Exception {
    Http http = new Http(AuthPathNode.get().baseUrl());
    Realms.create(http, "test");
    try (Receiver receiver = Receiver.start()) {
      Http.Response created =
          http.post(
                  "/realms/test/webhooks",
                  http.adminToken(),
                  """
              {
              "enabled": "true",
              "url": "%s",
              "secret": "A3jt6D8lz",
              "eventTypes": [
              "*"
              ]
              }"""
                      .formatted(receiver.url()))
              .expect(201);

      assertThat(created.location()).contains("/auth/realms/test/webhooks/");
      JsonNode stored = created.json();
      assertThat(stored.get("clients").isEmpty()).isTrue();
      assertThat(stored.get("excludeClients").isEmpty()).isTrue();
      assertThat(stored.get("excludeUsers").isEmpty()).isTrue();
      assertThat(stored.get("includeRepresentation").asBoolean()).isTrue();
      assertThat(stored.has("unknownEventTypes")).isFalse();

      http.clientToken("test", TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
      Receiver.Received event = receiver.requests().get(0);
      assertThat(event.type()).isEqualTo("access.CLIENT_LOGIN");
      assertThat(event.header("X-Keycloak-Signature"))
          .isEqualTo(Signing.hexHmacSha256("A3jt6D8lz", event.body()));
    }
  }
}
