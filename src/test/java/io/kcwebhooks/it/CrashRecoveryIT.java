package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Committed deliveries survive the server: a SIGKILL with a backlog pending, and a graceful stop,
 * both end with every event delivered under the id it had from the start.
 */
class CrashRecoveryIT {

  private static final int EVENTS = 200;
  private static final String REALM = "crash";

  static KeycloakNode node;
  static List<String> startArgs;
  static Receiver receiver;

  @BeforeAll
  static void startNode() throws Exception {
    String database = Postgres.freshDatabase("kcw_crash");
    node = KeycloakNode.install("crash", 18180, "");
    // A single node: local caches, so a restart does not wait for the dead node's cluster view.
    List<String> build = new ArrayList<>(List.of("build", "--db=postgres", "--cache=local"));
    node.run(build);
    startArgs = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true"));
    startArgs.add("--hostname-strict=false");
    startArgs.addAll(Postgres.options(database));
    // Retries every few seconds for minutes, so the backlog outlives the restarts.
    startArgs.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of("retry-schedule", "3s" + ",3s".repeat(48), "lease", "10s")));
    node.start(startArgs);
    receiver = Receiver.start();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.kill();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void everyCommittedDeliveryArrivesAfterAKillAndAGracefulStop() {
    Http http = new Http(node.baseUrl());
    Realms.create(http, REALM);
    WebhooksApi.asAdmin(http, REALM).create(receiver.url(), "s3cret", "*");

    receiver.answer(503);
    produceClientLogins(http, EVENTS);
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() >= EVENTS);
    Set<String> seenBeforeKill = ids(receiver.requests());

    node.kill();
    receiver.answer(200);
    node.start(startArgs);

    awaitDelivered(EVENTS);
    assertThat(ids(receiver.requests())).hasSize(EVENTS).containsAll(seenBeforeKill);

    receiver.answer(503);
    produceClientLogins(http, 50);
    node.stop();
    receiver.answer(200);
    node.start(startArgs);

    awaitDelivered(EVENTS + 50);
    assertThat(ids(receiver.requests())).hasSize(EVENTS + 50);
    receiver
        .requests()
        .forEach(r -> assertThat(Json.read(r.body()).get("uid").asText()).isEqualTo(r.webhookId()));
  }

  private static void produceClientLogins(Http http, int count) {
    for (int i = 0; i < count; i++) {
      http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }
  }

  private static void awaitDelivered(int count) {
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ids(receiver.requests(r -> r.answeredWith() == 200)).size() >= count);
  }

  private static Set<String> ids(List<Receiver.Received> requests) {
    return requests.stream().map(Receiver.Received::webhookId).collect(Collectors.toSet());
  }
}
