package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receivers;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * What an operator does when a receiver was down: read the log, resend, replay, test, and watch the
 * meters. Runs on a node of its own with metrics on and auto-disable after a few seconds.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("OperationsIT nodes")
@Order(9)
class OperationsIT {

  private static final String REALM = "ops";
  private static final String SECRET = "never-log-this-secret";
  // Generous: a busy machine may take many seconds for what takes milliseconds on an idle one.
  private static final Duration PROMPTLY = Duration.ofSeconds(30);
  // Longer than several poll intervals and retry delays: a count that holds this long is final.
  private static final Duration QUIET = Duration.ofSeconds(3);
  private static final int MAX_PENDING = 10;
  private static final int BATCH_SIZE = 8;
  private static KeycloakNode node;
  private static String firstStartLog;

  Http http;
  WebhooksApi api;
  @RegisterExtension final Receivers receivers = new Receivers();

  @BeforeAll
  static void startNode() {
    node = KeycloakNode.install("ops", 18380, Build.H2);
    List<String> args = new ArrayList<>();
    args.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of(
                "retry-schedule",
                "300ms,300ms",
                "auto-disable-after",
                "5s",
                "max-pending-per-webhook",
                "" + MAX_PENDING,
                "batch-size",
                "" + BATCH_SIZE)));
    node.start(args);
    firstStartLog = node.serverLog();
    Realms.create(new Http(node.baseUrl()), REALM);
  }

  @AfterAll
  static void stopNode() {
    node.kill();
  }

  @BeforeEach
  void setUp() {
    http = new Http(node.baseUrl());
    api = WebhooksApi.asAdmin(http, REALM);
    api.deleteAll();
  }

  Receiver receiver() throws Exception {
    return receivers.start();
  }

  @Test
  void resendSendsTheSameDeliveryAgainButNotTwiceWhilePending() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), SECRET, "access.CLIENT_LOGIN");
    login();
    String deliveryId = awaitDelivery(id, "delivered").get("id").asText();

    receiver.hang();
    Http.Response first = api.resend(id, deliveryId).expect(202);
    await().atMost(PROMPTLY).until(() -> receiver.requests().size() == 2);
    Http.Response second = api.resend(id, deliveryId).expect(202);
    receiver.release();

    assertThat(first.json().get("queued").asBoolean()).isTrue();
    assertThat(second.json().get("queued").asBoolean()).isFalse();
    await().atMost(PROMPTLY).until(() -> status(id, deliveryId).equals("delivered"));
    assertThat(receiver.awaitSettled(r -> true, 2, QUIET, PROMPTLY))
        .hasSize(2)
        .extracting(Receiver.Received::webhookId)
        .containsOnly(deliveryId);
    api.resend(id, "no-such-delivery").expect(404);
  }

  @Test
  void replayQueuesEveryFailedDeliveryOfTheWindowOnce() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.answer(500);
    Instant since = Instant.now().minusSeconds(1);
    login();
    login();
    login();
    await().atMost(PROMPTLY).until(() -> deliveries(id, "failed").size() == 3);
    receiver.clear();
    receiver.answer(200);

    Http.Response replayed = api.replay(id, "?since=" + since).expect(202);
    Http.Response again = api.replay(id, "?since=" + since).expect(202);

    assertThat(replayed.json().get("replayed").asInt()).isEqualTo(3);
    assertThat(again.json().get("replayed").asInt()).isZero();
    await().atMost(PROMPTLY).until(() -> deliveries(id, "delivered").size() == 3);
    assertThat(receiver.awaitSettled(r -> true, 3, QUIET, PROMPTLY)).hasSize(3);
    assertThat(api.replay(id, "?since=" + Instant.now()).expect(202).json().get("replayed").asInt())
        .isZero();
    api.replay(id, "").expect(400);
    api.replay(id, "?since=yesterday").expect(400);
  }

  @Test
  void aTestPingReportsTheOutcomeOfASignedAttempt() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), SECRET, "access.LOGIN");

    Http.Response queued = api.test(id).expect(202);
    assertThat(queued.json().get("status").asText()).isEqualTo("pending");
    JsonNode ok = api.awaitFinished(id, queued.json().get("id").asText());

    assertThat(ok.get("status").asText()).isEqualTo("delivered");
    assertThat(ok.get("eventType").asText()).isEqualTo("system.PING");
    assertThat(ok.get("attemptLog").get(0).get("httpStatus").asInt()).isEqualTo(200);
    Receiver.Received ping = receiver.requests().get(0);
    assertThat(ping.type()).isEqualTo("system.PING");
    new com.standardwebhooks.Webhook(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .verify(ping.body(), ping.headers().map());

    receiver.answer(503);
    JsonNode failed = api.pingOutcome(id);
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("attemptLog")).hasSize(1);
    assertThat(failed.get("attemptLog").get(0).get("httpStatus").asInt()).isEqualTo(503);
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void anEndpointFailingLongerThanTheLimitIsDisabledWithItsReason() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.answer(500);

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              login();
              return !api.get(id).expect(200).json().get("enabled").asBoolean();
            });

    JsonNode webhook = api.get(id).expect(200).json();
    assertThat(webhook.get("disabledReason").asText()).contains("failed since");
    assertThat(Instant.parse(webhook.get("disabledAt").asText()))
        .isAfter(Instant.now().minusSeconds(60));
    assertThat(node.serverLog())
        .containsPattern("INFO .*Webhook " + id + " in realm ops was disabled");
    await().atMost(PROMPTLY).until(() -> deliveries(id, "pending").isEmpty());
    assertThat(api.deliveries(id, "?status=failed&max=100").expect(200).body())
        .contains("webhook is disabled");

    receiver.answer(200);
    receiver.clear();
    api.update(id, WebhooksApi.webhook(receiver.url(), null, "access.CLIENT_LOGIN")).expect(204);
    JsonNode enabled = api.get(id).expect(200).json();
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    assertThat(enabled.has("disabledReason")).isFalse();
    login();
    assertThat(receiver.awaitSettled(r -> true, 1, QUIET, PROMPTLY)).hasSize(1);
  }

  /**
   * A webhook limited to one request a second keeps a backlog in the database however busy the
   * machine is. The node holds at most 6 of one webhook's deliveries in memory (the 4 it may send
   * at once and a quarter of the {@link #BATCH_SIZE} places of its waiting room), fewer than the
   * cap, so the newest stay in the database and the oldest of those are the ones to go.
   */
  @Test
  void pendingDeliveriesBeyondTheCapEndFailedOldestFirst() throws Exception {
    Receiver slow = receiver();
    String id =
        api.create(
                Json.write(
                    Map.of(
                        "url",
                        slow.url(),
                        "eventTypes",
                        List.of("access.CLIENT_LOGIN"),
                        "maxRequestsPerSecond",
                        1)))
            .expect(201)
            .json()
            .get("id")
            .asText();
    int produced = 3 * MAX_PENDING;
    Logins.produce(http, REALM, produced);
    await()
        .atMost(PROMPTLY)
        .until(() -> api.deliveries(id, "?max=100").expect(200).json().size() == produced);
    String newest = api.deliveries(id, "?max=1").expect(200).json().get(0).get("id").asText();

    // The cap is enforced every 5 s; sending one a second would take 20 s to get down to it.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> deliveries(id, "pending").size() <= MAX_PENDING);
    List<String> dropped =
        deliveries(id, "failed").findParents("lastError").stream()
            .filter(delivery -> isDrop(delivery.get("lastError").asText()))
            .map(delivery -> delivery.get("id").asText())
            .toList();
    assertThat(dropped).isNotEmpty().doesNotContain(newest);
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () ->
                assertThat(scrape())
                    .containsPattern("keycloak_webhooks_dropped_total\\{realm=\"ops\"} [1-9]"));
    assertThat(node.serverLog()).contains("pending deliveries of webhook " + id);
  }

  private boolean isDrop(String lastError) {
    return lastError.startsWith("dropped unsent") && lastError.contains("max-pending-per-webhook");
  }

  @Test
  void aFirstStartOnAnEmptyDatabaseLogsNoWarning() {
    assertThat(firstStartLog).contains("Listening on:");
    // KC-SERVICES0047 is Keycloak's notice, at build time, for every provider of an internal SPI.
    assertThat(
            firstStartLog
                .lines()
                .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                .filter(line -> !line.contains("KC-SERVICES0047")))
        .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("webhook"));
    assertThat(firstStartLog).doesNotContain("WEBHOOK_DELIVERY\" not found");
  }

  @Test
  void metricsAndAttemptLogsShowTheDeliveries() throws Exception {
    Receiver healthy = receiver();
    Receiver down = receiver();
    down.hang();
    api.create(healthy.url(), SECRET, "access.CLIENT_LOGIN");
    api.create(down.url(), SECRET, "access.CLIENT_LOGIN");
    login();
    await().atMost(PROMPTLY).until(() -> healthy.requests().size() == 1);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(scrape())
                  .contains("keycloak_webhooks_attempts_total{realm=\"ops\",result=\"delivered\"}")
                  .contains(
                      "keycloak_webhooks_deliveries_total{outcome=\"delivered\",realm=\"ops\"}")
                  .contains("keycloak_webhooks_attempt_duration_seconds_bucket{realm=\"ops\"")
                  .containsPattern("keycloak_webhooks_backlog\\{realm=\"ops\"} [1-9]")
                  .contains("keycloak_webhooks_oldest_pending_age_seconds{realm=\"ops\"}")
                  .containsPattern("keycloak_webhooks_held_back [1-9]");
            });
    down.release();

    String log = node.serverLog();
    String deliveryId = healthy.requests().get(0).webhookId();
    assertThat(log).containsPattern("webhook attempt delivery=" + deliveryId + " .* status=200");
    assertThat(log).contains("failed: until it answers 2xx, this node holds it back");
    assertThat(log).doesNotContain(SECRET);
  }

  private String scrape() {
    return new Http(node.managementUrl()).get("/metrics", null).expect(200).body();
  }

  private void login() {
    http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
  }

  private String status(String webhookId, String deliveryId) {
    return api.delivery(webhookId, deliveryId).expect(200).json().get("status").asText();
  }

  private JsonNode awaitDelivery(String webhookId, String status) {
    await().atMost(PROMPTLY).until(() -> deliveries(webhookId, status).size() == 1);
    return deliveries(webhookId, status).get(0);
  }

  private JsonNode deliveries(String webhookId, String status) {
    return api.deliveries(webhookId, "?status=" + status).expect(200).json();
  }
}
