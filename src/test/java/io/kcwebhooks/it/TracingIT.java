package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.it.support.AuthPathNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhooksApi;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * With Keycloak's tracing on, a delivery carries a W3C {@code traceparent} in the trace of the
 * request that produced its event, naming the attempt's own client span.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(AuthPathNode.LOCK)
class TracingIT {

  private static final String REALM = "traced";

  @Test
  void aDeliveryContinuesTheTraceOfTheTokenRequestThatProducedIt() throws Exception {
    Http http = new Http(AuthPathNode.get().baseUrl());
    Realms.create(http, REALM);
    try (Receiver receiver = Receiver.start()) {
      http.post(
              "/realms/" + REALM + "/webhooks",
              http.adminToken(),
              WebhooksApi.webhook(receiver.url(), null, "access.CLIENT_LOGIN"))
          .expect(201);
      String traceId = randomHex(16);
      String callerSpan = randomHex(8);

      http.clientToken(
          REALM,
          TestRealm.CLIENT,
          TestRealm.CLIENT_SECRET,
          Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));

      await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
      String sent = receiver.requests().get(0).header("traceparent");
      assertThat(sent).matches("00-" + traceId + "-[0-9a-f]{16}-[0-9a-f]{2}");
      assertThat(sent).doesNotContain(callerSpan);
    } finally {
      http.delete("/admin/realms/" + REALM, http.adminToken()).expect(204);
    }
  }

  private static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
