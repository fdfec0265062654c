package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Finished deliveries are purged after the retention time; pending ones are kept. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("RetentionIT nodes")
class RetentionIT {

  @Test
  void finishedDeliveriesArePurgedAndPendingOnesKept() throws Exception {
    try (KeycloakNode node = KeycloakNode.install("retention", 18480, Build.H2);
        Receiver up = Receiver.start();
        Receiver down = Receiver.start()) {
      node.start(
          WebhookServerConfig.deliveryArgs(
              Map.of(
                  "retention", "2s",
                  "cleanup-interval", "1s",
                  "retry-schedule", "1m")));
      Http http = new Http(node.baseUrl());
      Realms.create(http, "retention");
      WebhooksApi api = WebhooksApi.asAdmin(http, "retention");
      String delivered = api.create(up.url(), null, "access.CLIENT_LOGIN");
      String pending = api.create(down.url(), null, "access.CLIENT_LOGIN");
      down.answer(503);

      for (int i = 0; i < 3; i++) {
        http.clientToken("retention", TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> api.deliveries(delivered, "?status=delivered").expect(200).json().size() == 3);

      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> api.deliveries(delivered, "").expect(200).json().isEmpty());
      assertThat(api.deliveries(pending, "?status=pending").expect(200).json()).hasSize(3);
      assertThat(up.requests()).hasSize(3);
    }
  }
}
