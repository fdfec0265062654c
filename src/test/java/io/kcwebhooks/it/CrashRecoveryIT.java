package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.it.support.Database;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.KeycloakNode;
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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Committed deliveries survive the server: a SIGKILL with a backlog pending, and a graceful stop,
 * both end with every event delivered under the id it had from the start. Each database it runs on
 * is a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrashRecoveryIT {

  private static final int EVENTS = 200;
  private static final String REALM = "crash";
  // Retries every few seconds for minutes, so the backlog outlives the restarts.
  private static final String RETRY_SCHEDULE = "3s" + ",3s".repeat(48);
  private static final Duration DRAIN = Duration.ofMinutes(5);

  private final Database database;
  @AutoClose private KeycloakNode node;
  private List<String> startArgs;
  @AutoClose private Receiver receiver;

  CrashRecoveryIT(Database database) {
    this.database = database;
  }

  @BeforeAll
  void startNode() throws Exception {
    List<String> databaseOptions = database.fresh("kcw_crash");
    node =
        KeycloakNode.install(
            "crash-" + database.kind(), 18180 + database.portOffset(), database.build());
    startArgs = new ArrayList<>(databaseOptions);
    startArgs.addAll(
        WebhookServerConfig.deliveryArgs(Map.of("retry-schedule", RETRY_SCHEDULE, "lease", "15s")));
    node.start(startArgs);
    receiver = Receiver.start();
  }

  @Test
  void everyCommittedDeliveryArrivesAfterAKillAndAGracefulStop() {
    Http http = new Http(node.baseUrl());
    Realms.create(http, REALM);
    WebhooksApi.asAdmin(http, REALM).create(receiver.url(), "s3cret-value", "*");

    receiver.answer(503);
    produceClientLogins(http, EVENTS);
    await().atMost(DRAIN).until(() -> ids(receiver.requests()).size() >= EVENTS);
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

  private void awaitDelivered(int count) {
    await()
        .atMost(DRAIN)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> ids(receiver.requests(r -> r.answeredWith() == 200)).size() >= count);
  }

  private static Set<String> ids(List<Receiver.Received> requests) {
    return requests.stream().map(Receiver.Received::webhookId).collect(Collectors.toSet());
  }
}
