package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.Signing;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/** End to end on the real distribution: events in, signed and retried HTTP requests out. */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class DeliveryIT extends SharedServerTest {

  // Generous: a busy machine may take many seconds for what takes milliseconds on an idle one.
  private static final Duration PROMPTLY = Duration.ofSeconds(30);
  // Longer than several poll intervals and retry delays: a count that holds this long is final.
  private static final Duration QUIET = Duration.ofSeconds(3);

  Receiver receiver() throws Exception {
    return receivers.start();
  }

  @Test
  void theSpecExampleDeliversSignedAccessEvents() throws Exception {
    Receiver receiver = receiver();
    String secret = "A3jt6D8lz";
    api.create(
            """
            {"enabled": "true", "url": "%s", "secret": "%s", "eventTypes": ["*"]}"""
                .formatted(receiver.url(), secret))
        .expect(201);

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    Receiver.Received login = awaitOne(receiver, "access.LOGIN");
    JsonNode body = Json.read(login.body());
    assertThat(body.get("uid").asText()).isEqualTo(login.webhookId());
    assertThat(body.get("realmId").asText()).isEqualTo(realm.getId());
    assertThat(body.get("authDetails").get("clientId").asText()).isEqualTo(TestRealm.CLIENT);
    assertThat(body.get("authDetails").get("userId").asText()).isNotEmpty();
    assertThat(body.get("time").asLong()).isPositive();
    assertThat(login.header("X-Keycloak-Signature"))
        .isEqualTo(Signing.hexHmacSha256(secret, login.body()));
    new Webhook(secret.getBytes(StandardCharsets.UTF_8))
        .verify(login.body(), login.headers().map());
  }

  @Test
  void creatingAClientDeliversAnAdminEventWithoutTheAdminEventStore() throws Exception {
    Receiver receiver = receiver();
    api.create(receiver.url(), "s3cret-value", "admin.CLIENT-*");

    createClient("created-" + UUID.randomUUID());

    Receiver.Received event = awaitOne(receiver, "admin.CLIENT-CREATE");
    JsonNode body = Json.read(event.body());
    assertThat(body.get("resourcePath").asText()).startsWith("clients/");
    assertThat(body.get("operationType").asText()).isEqualTo("CREATE");
    assertThat(body.get("resourceType").asText()).isEqualTo("CLIENT");
  }

  @Test
  void eventTypeExpressionsSelectExactlyTheirEvents() throws Exception {
    Receiver receiver = receiver();
    String all = api.create(receiver.url(), null, "*");
    String access = api.create(receiver.url(), null, "access.*");
    String clientAdmin = api.create(receiver.url(), null, "admin.CLIENT-*");
    String specSpelling = api.create(receiver.url(), null, "admin-USER-CREATE");
    String exactLogin = api.create(receiver.url(), null, "access.LOGIN");

    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    createClient("c-" + UUID.randomUUID());
    createUser("u-" + UUID.randomUUID());

    // Deliveries are written in the event's own transaction, so the log is complete already.
    assertThat(api.deliveredTypes(all))
        .containsExactlyInAnyOrder(
            "access.CLIENT_LOGIN", "access.LOGIN", "admin.CLIENT-CREATE", "admin.USER-CREATE");
    assertThat(api.deliveredTypes(access))
        .containsExactlyInAnyOrder("access.CLIENT_LOGIN", "access.LOGIN");
    assertThat(api.deliveredTypes(clientAdmin)).containsExactly("admin.CLIENT-CREATE");
    assertThat(api.deliveredTypes(specSpelling)).containsExactly("admin.USER-CREATE");
    assertThat(api.deliveredTypes(exactLogin)).containsExactly("access.LOGIN");
    assertThat(receiver.awaitSettled(r -> true, 4 + 2 + 1 + 1 + 1, QUIET, PROMPTLY))
        .hasSize(4 + 2 + 1 + 1 + 1);
  }

  @Test
  void theDeliveryLogPagesNewestFirstAndFilters() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "*");
    for (int i = 0; i < 3; i++) {
      http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    List<JsonNode> log = elements(api.deliveries(id, "?max=10").expect(200).json());
    assertThat(log).extracting(d -> d.get("eventType").asText()).first().isEqualTo("access.LOGIN");
    assertThat(log)
        .extracting(d -> Instant.parse(d.get("createdAt").asText()))
        .isSortedAccordingTo(Comparator.reverseOrder());
    List<String> ids = log.stream().map(d -> d.get("id").asText()).toList();
    assertThat(ids).hasSize(4).doesNotHaveDuplicates();
    assertThat(idsOf(api.deliveries(id, "?first=0&max=2"))).isEqualTo(ids.subList(0, 2));
    assertThat(idsOf(api.deliveries(id, "?first=2&max=2"))).isEqualTo(ids.subList(2, 4));
    assertThat(idsOf(api.deliveries(id, "?first=4&max=2"))).isEmpty();
    assertThat(idsOf(api.deliveries(id, "?type=access.LOGIN"))).containsExactly(ids.get(0));
    await()
        .atMost(PROMPTLY)
        .until(() -> idsOf(api.deliveries(id, "?status=delivered")).size() == 4);
    assertThat(idsOf(api.deliveries(id, "?status=failed"))).isEmpty();
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> elements = new ArrayList<>();
    array.forEach(elements::add);
    return elements;
  }

  private static List<String> idsOf(Http.Response page) {
    return elements(page.expect(200).json()).stream().map(d -> d.get("id").asText()).toList();
  }

  @Test
  void subscriptionChangesApplyToTheNextEvent() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.LOGIN");

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    assertThat(api.deliveredTypes(id)).hasSize(1);

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "admin.*")).expect(204);
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    assertThat(api.deliveredTypes(id)).hasSize(1);

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "*").replace("\"true\"", "false"))
        .expect(204);
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    assertThat(api.deliveredTypes(id)).hasSize(1);

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "*")).expect(204);
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    assertThat(api.deliveredTypes(id)).hasSize(2);

    api.delete(id).expect(204);
    String other = api.create(receiver.url(), null, "access.LOGIN");
    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    assertThat(api.deliveredTypes(other)).hasSize(1);
  }

  @Test
  void failuresAreRetriedWithTheSameWebhookIdUntilA2xx() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), "s3cret-value", "access.LOGIN");
    receiver.answerNext(503, 500);

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    List<Receiver.Received> tries = receiver.awaitSettled(r -> true, 3, QUIET, PROMPTLY);
    assertThat(tries).extracting(Receiver.Received::answeredWith).containsExactly(503, 500, 200);
    assertThat(tries)
        .extracting(Receiver.Received::webhookId)
        .containsOnly(tries.get(0).webhookId());
    assertThat(tries).extracting(Receiver.Received::body).containsOnly(tries.get(0).body());
    JsonNode delivery = awaitDeliveryStatus(id, "delivered");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
    assertThat(delivery.get("attemptLog").findValuesAsText("httpStatus"))
        .containsExactly("503", "500", "200");
  }

  @Test
  void theFirstAttemptGoesOutAtOnceAndTheFirstRetryAfterTheScheduledDelay() throws Exception {
    Receiver receiver = receiver();
    api.create(receiver.url(), null, "access.LOGIN");
    receiver.answerNext(503);

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    await().atMost(PROMPTLY).until(() -> receiver.requests().size() >= 2);
    List<Receiver.Received> tries = receiver.requests();
    long eventTime = Json.read(tries.get(0).body()).get("time").asLong();
    // The schedule's first delay (1 s, no jitter in tests) is for the retry only.
    assertThat(tries.get(0).at() - eventTime).isLessThan(1_000);
    assertThat(tries.get(1).at() - tries.get(0).at()).isBetween(1_000L, 4_000L);
  }

  @Test
  void retryAfterIsHonouredWithinItsBound() throws Exception {
    Receiver receiver = receiver();
    api.create(receiver.url(), null, "access.LOGIN");
    receiver.answer(429, Map.of("Retry-After", "2"));

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);
    await().atMost(PROMPTLY).until(() -> receiver.requests().size() >= 1);
    receiver.answer(200);

    await().atMost(PROMPTLY).until(() -> receiver.requests().size() >= 2);
    List<Receiver.Received> tries = receiver.requests();
    long gap = tries.get(1).at() - tries.get(0).at();
    // The schedule alone would retry after 1 s; the receiver asked for 2 s.
    assertThat(gap).isGreaterThanOrEqualTo(1_900);
  }

  @Test
  void goneDisablesTheWebhook() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.LOGIN");
    receiver.answer(410);

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    awaitDeliveryStatus(id, "failed");
    assertThat(api.get(id).expect(200).json().get("enabled").asBoolean()).isFalse();
    assertThat(receiver.awaitSettled(r -> true, 1, QUIET, PROMPTLY)).hasSize(1);
  }

  @Test
  void afterTheLastTryTheDeliveryEndsFailed() throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.LOGIN");
    receiver.answer(500);

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    JsonNode delivery = awaitDeliveryStatus(id, "failed");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(WebhookServerConfig.ATTEMPTS);
    assertThat(receiver.awaitSettled(r -> true, WebhookServerConfig.ATTEMPTS, QUIET, PROMPTLY))
        .hasSize(WebhookServerConfig.ATTEMPTS);
  }

  @Test
  void refusedConnectionsAreRecordedAndRetried() throws Exception {
    Receiver receiver = receiver();
    String url = receiver.url();
    receiver.close();
    String id = api.create(url, null, "access.LOGIN");

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    JsonNode delivery = awaitDeliveryStatus(id, "failed");
    assertThat(delivery.get("attempts").asInt()).isEqualTo(WebhookServerConfig.ATTEMPTS);
    assertThat(delivery.get("attemptLog").findValuesAsText("error"))
        .hasSize(WebhookServerConfig.ATTEMPTS)
        .allSatisfy(error -> assertThat(error).contains("connection refused"));
  }

  @Test
  void aWebhookWithoutSecretSendsNoSignature() throws Exception {
    Receiver receiver = receiver();
    api.create(receiver.url(), null, "access.LOGIN");

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    Receiver.Received event = awaitOne(receiver, "access.LOGIN");
    assertThat(event.header("webhook-id")).isNotEmpty();
    assertThat(event.header("webhook-timestamp")).isNotEmpty();
    assertThat(event.header("webhook-signature")).isNull();
    assertThat(event.header("X-Keycloak-Signature")).isNull();
  }

  @Test
  void aWhsecSecretVerifiesWithTheOfficialLibrary() throws Exception {
    Receiver receiver = receiver();
    byte[] key = new byte[24];
    new java.security.SecureRandom().nextBytes(key);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    api.create(receiver.url(), secret, "access.LOGIN");

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    Receiver.Received event = awaitOne(receiver, "access.LOGIN");
    new Webhook(secret).verify(event.body(), event.headers().map());
    assertThat(event.header("X-Keycloak-Signature"))
        .isEqualTo(Signing.hexHmacSha256(secret, event.body()));
  }

  @Test
  void aHangingEndpointDoesNotDelayAHealthyOne() throws Exception {
    Receiver hanging = receiver();
    Receiver healthy = receiver();
    hanging.hang();
    api.create(hanging.url(), null, "access.CLIENT_LOGIN");
    api.create(healthy.url(), null, "access.CLIENT_LOGIN");
    int events = 20;

    for (int i = 0; i < events; i++) {
      http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }

    // Queued behind the hanging endpoint, a delivery would wait at least for one of its 2 s
    // response timeouts. The median, not the slowest, so that a busy machine's pauses do not count.
    List<Receiver.Received> arrived = healthy.awaitSettled(r -> true, events, QUIET, PROMPTLY);
    assertThat(arrived).hasSize(events);
    List<Long> delays =
        arrived.stream()
            .map(r -> r.at() - Json.read(r.body()).get("time").asLong())
            .sorted()
            .toList();
    assertThat(delays.get(events / 2)).as("median delay from event to arrival").isLessThan(2_000);
    assertThat(hanging.requests().size()).isLessThanOrEqualTo(events);
  }

  @Test
  void newDeliveriesBeyondWhatANodeKeepsInMemoryWaitInTheDatabaseAndCountOnlySentAttempts()
      throws Exception {
    Receiver receiver = receiver();
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.hang();
    // 4 requests hang at the webhook's limit; up to batch-size (50) more wait in memory, the rest
    // are given back to the database.
    int events = 60;

    for (int i = 0; i < events; i++) {
      http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }
    receiver.release();

    // Left to their 30 s hand-over lease, the given-back deliveries would arrive much later.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                api.deliveries(id, "?status=delivered&max=100").expect(200).json().size()
                    == events);
    Map<String, Long> requestsPerDelivery =
        receiver.requests().stream()
            .collect(Collectors.groupingBy(Receiver.Received::webhookId, Collectors.counting()));
    JsonNode deliveries = api.deliveries(id, "?max=100").expect(200).json();
    assertThat(deliveries).hasSize(events);
    for (JsonNode delivery : deliveries) {
      assertThat(delivery.get("attempts").asLong())
          .as("attempts of %s", delivery.get("id").asText())
          .isEqualTo(requestsPerDelivery.get(delivery.get("id").asText()));
    }
  }

  @Test
  void redirectsAreNotFollowed() throws Exception {
    Receiver redirecting = receiver();
    Receiver elsewhere = receiver();
    String id = api.create(redirecting.url(), null, "access.LOGIN");
    redirecting.answer(307, Map.of("Location", elsewhere.url()));

    http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    JsonNode delivery = awaitDeliveryStatus(id, "failed");
    assertThat(delivery.get("attemptLog").findValuesAsText("httpStatus")).containsOnly("307");
    assertThat(elsewhere.requests()).isEmpty();
  }

  @Test
  void theListenerIsOfferedInTheAdminConsole() {
    JsonNode serverInfo = http.get("/admin/serverinfo", http.adminToken()).expect(200).json();

    assertThat(
            serverInfo
                .get("providers")
                .get("eventsListener")
                .get("providers")
                .has("ext-event-webhook"))
        .isTrue();
  }

  private void createClient(String clientId) {
    http.post(
            "/admin/realms/" + realm.getName() + "/clients",
            http.adminToken(),
            Json.write(Map.of("clientId", clientId)))
        .expect(201);
  }

  private void createUser(String username) {
    http.post(
            "/admin/realms/" + realm.getName() + "/users",
            http.adminToken(),
            Json.write(Map.of("username", username, "enabled", true)))
        .expect(201);
  }

  private Receiver.Received awaitOne(Receiver receiver, String type) {
    await().atMost(PROMPTLY).until(() -> !receiver.requests(r -> r.type().equals(type)).isEmpty());
    return receiver.requests(r -> r.type().equals(type)).get(0);
  }

  private JsonNode awaitDeliveryStatus(String webhookId, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> api.deliveries(webhookId, "?status=" + status).expect(200).json().size() == 1);
    String deliveryId =
        api.deliveries(webhookId, "?status=" + status).expect(200).json().get(0).get("id").asText();
    return api.delivery(webhookId, deliveryId).expect(200).json();
  }
}
