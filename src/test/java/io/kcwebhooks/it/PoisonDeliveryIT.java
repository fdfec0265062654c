package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Postgres;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A delivery whose every attempt dies with its node (killed while the receiver holds the request)
 * does not come back forever: each attempt is counted when it starts, and once the schedule is used
 * up the next claim ends the delivery failed instead of sending it again.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("PoisonDeliveryIT nodes")
@Order(4)
class PoisonDeliveryIT {

  private static final String REALM = "poison";
  private static final int ATTEMPTS = 3;

  @AutoClose static KeycloakNode node;
  static List<String> startArgs;
  @AutoClose static Receiver receiver;

  @BeforeAll
  static void startNode() throws Exception {
    List<String> database = new Postgres().fresh("kcw_poison");
    node = KeycloakNode.install("poison", 20380, Build.POSTGRES);
    startArgs = new ArrayList<>(database);
    // Three attempts; a short lease so that a dead node's claim passes on soon, and a response
    // timeout long enough that every attempt is still waiting for its answer when the node dies.
    startArgs.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of(
                "retry-schedule",
                "1s,1s",
                "lease",
                "30s",
                "response-timeout",
                "10s",
                "attempt-timeout",
                "20s")));
    node.start(startArgs);
    receiver = Receiver.start();
  }

  @Test
  void aDeliveryKilledInFlightOnEveryAttemptEndsFailedAndTheNodeKeepsWorking() {
    Http http = new Http(node.baseUrl());
    Realms.create(http, REALM);
    WebhooksApi api = WebhooksApi.asAdmin(http, REALM);
    String webhookId = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.hang();

    http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);

    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int inFlight = attempt;
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> receiver.requests().size() >= inFlight);
      JsonNode delivery = onlyDelivery(api, webhookId);
      assertThat(delivery.get("status").asText()).isEqualTo("pending");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(attempt);
      node.kill();
      node.start(startArgs);
    }

    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> onlyDelivery(api, webhookId).get("status").asText().equals("failed"));
    JsonNode given = onlyDelivery(api, webhookId);
    JsonNode detail = api.delivery(webhookId, given.get("id").asText()).expect(200).json();
    assertThat(detail.get("attempts").asInt()).isEqualTo(ATTEMPTS);
    assertThat(detail.get("lastError").asText())
        .isEqualTo(
            "gave up: 3 attempts were started and the last could not be recorded;"
                + " the node may have stopped while sending");
    assertThat(detail.get("attemptLog")).isEmpty();
    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests().size() == ATTEMPTS);
    assertThat(receiver.requests())
        .extracting(Receiver.Received::webhookId)
        .containsOnly(given.get("id").asText());

    receiver.release();
    http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.deliveries(webhookId, "?status=delivered").expect(200).json().size() == 1);
  }

  private static JsonNode onlyDelivery(WebhooksApi api, String webhookId) {
    JsonNode deliveries = api.deliveries(webhookId, "").expect(200).json();
    assertThat(deliveries).hasSize(1);
    return deliveries.get(0);
  }
}
