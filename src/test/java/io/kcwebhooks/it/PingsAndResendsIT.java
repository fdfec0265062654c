package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.support.HostileReceiver;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

/**
 * Test pings, resends and replays never hold a request thread on a receiver, and share one budget
 * per realm: one realm's admin can neither stall the server for other realms nor refill the budget
 * by re-creating webhooks.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class PingsAndResendsIT extends SharedServerTest {

  private static final int WEBHOOKS = 50;
  private static final int PINGS = 100;
  private static final int BURST = 30;
  private static final int QUICK_CALLS = 10;

  @InjectRealm(ref = "bystander", config = TestRealm.class)
  ManagedRealm bystander;

  @Test
  void concurrentPingsToSilentReceiversLeaveOtherRealmsAnsweringAsUsual() throws Exception {
    String token = http.adminToken();
    List<String> ids = new ArrayList<>();
    try (HostileReceiver silent = HostileReceiver.start()) {
      for (int i = 0; i < WEBHOOKS; i++) {
        ids.add(api.create(silent.url(HostileReceiver.Mode.SILENT), null, "access.LOGIN"));
      }
      long usual = slowestOf(http, 5);

      ExecutorService callers = Executors.newFixedThreadPool(PINGS);
      List<Future<Timed>> pings = new ArrayList<>();
      for (int i = 0; i < PINGS; i++) {
        String id = ids.get(i % WEBHOOKS);
        pings.add(callers.submit(() -> timed(() -> ping(http, token, id))));
      }
      long meanwhile = slowestOf(http, 10);
      List<Timed> answered = new ArrayList<>();
      for (Future<Timed> ping : pings) {
        answered.add(ping.get(60, TimeUnit.SECONDS));
      }
      callers.shutdown();

      long accepted = answered.stream().filter(t -> t.status == 202).count();
      assertThat(answered).allSatisfy(t -> assertThat(t.status).isIn(202, 429));
      assertThat(accepted).isBetween((long) BURST, (long) BURST + 10);
      assertThat(answered.stream().mapToLong(t -> t.millis).max().orElseThrow())
          .as("the slowest ping's answer, in ms")
          .isLessThan(10_000);
      assertThat(meanwhile)
          .as("the other realm's slowest discovery or token request, in ms (usually %d)", usual)
          .isLessThan(Math.max(3_000, 10 * usual));
    }
    api.deleteAll();
  }

  /**
   * Once the realm's burst is spent, ten quick calls get one a second at most, whichever webhook
   * they name, even one created after the burst was spent. A budget per webhook would let all ten
   * through.
   */
  @Test
  void pingsResendsAndReplaysShareOneBudgetPerRealm() throws Exception {
    WebhooksApi elsewhere = WebhooksApi.asAdmin(http, bystander.getName());
    Receiver receiver = receivers.start();
    String first = api.create(receiver.url(), null, "access.LOGIN");
    String delivery = api.ping(first);
    api.awaitFinished(first, delivery);
    String second = api.create(receiver.url(), null, "access.LOGIN");

    spend(api, first);
    assertThat(refusedOf(() -> api.test(second))).isGreaterThanOrEqualTo(QUICK_CALLS / 2);
    api.delete(second).expect(204);
    String recreated = api.create(receiver.url(), null, "access.LOGIN");
    spend(api, first);
    assertThat(refusedOf(() -> api.test(recreated))).isGreaterThanOrEqualTo(QUICK_CALLS / 2);
    spend(api, first);
    assertThat(refusedOf(() -> api.resend(first, delivery)))
        .isGreaterThanOrEqualTo(QUICK_CALLS / 2);
    spend(api, first);
    assertThat(refusedOf(() -> api.replay(first, "?since=2020-01-01T00:00:00Z")))
        .isGreaterThanOrEqualTo(QUICK_CALLS / 2);
    spend(api, first);
    assertRetryAfter(http, recreated);

    String bystanders = elsewhere.create(receiver.url(), null, "access.LOGIN");
    elsewhere.test(bystanders).expect(202);
    WebhooksApi.withinBudget(() -> api.resend(first, delivery)).expect(202);
    api.deleteAll();
    elsewhere.deleteAll();
  }

  @Test
  void resendsAndReplaysToADisabledWebhookAreRefused() throws Exception {
    WebhooksApi elsewhere = WebhooksApi.asAdmin(http, bystander.getName());
    Receiver receiver = receivers.start();
    String id = elsewhere.create(receiver.url(), null, "access.LOGIN");
    String delivery = elsewhere.ping(id);
    elsewhere.awaitFinished(id, delivery);
    elsewhere
        .update(
            id,
            Json.write(
                Map.of(
                    "url",
                    receiver.url(),
                    "eventTypes",
                    List.of("access.LOGIN"),
                    "enabled",
                    false)))
        .expect(204);

    for (Http.Response refused :
        List.of(
            elsewhere.resend(id, delivery), elsewhere.replay(id, "?since=2020-01-01T00:00:00Z"))) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(409);
      assertThat(refused.json().get("error").asText()).contains("disabled");
    }
    assertThat(elsewhere.delivery(id, delivery).expect(200).json().get("status").asText())
        .isEqualTo("delivered");
    assertThat(receiver.requests()).hasSize(1);
    elsewhere.delete(id).expect(204);
  }

  /** Pings until the realm's budget answers 429. */
  private static void spend(WebhooksApi api, String webhookId) {
    for (int i = 0; i <= 2 * BURST && api.test(webhookId).status() == 202; i++) {
      // each accepted ping uses one of the budget
    }
  }

  /** Makes the calls one after the other and counts the 429s, each with its JSON message. */
  private static long refusedOf(Supplier<Http.Response> call) {
    long refused = 0;
    for (int i = 0; i < QUICK_CALLS; i++) {
      Http.Response response = call.get();
      assertThat(response.status()).as(response.body()).isIn(202, 429);
      if (response.status() == 429) {
        assertThat(response.json().get("error").asText()).contains("in this realm");
        refused++;
      }
    }
    return refused;
  }

  private void assertRetryAfter(Http http, String webhookId) throws Exception {
    HttpResponse<String> refused = ping(http, http.adminToken(), webhookId);
    if (refused.statusCode() == 202) {
      refused = ping(http, http.adminToken(), webhookId); // a token refilled in between
    }
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1, 2);
  }

  /** The slowest of rounds of an anonymous discovery read and a token request, in ms. */
  private long slowestOf(Http http, int rounds) {
    long slowest = 0;
    String realm = "/realms/" + bystander.getName();
    for (int i = 0; i < rounds; i++) {
      long start = System.nanoTime();
      http.get(realm + "/.well-known/openid-configuration", null).expect(200);
      http.clientToken(bystander.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
    }
    return slowest;
  }

  private HttpResponse<String> ping(Http http, String token, String webhookId) throws Exception {
    String path = "/realms/" + realm.getName() + "/webhooks/" + webhookId + "/test";
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(http.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private record Timed(int status, long millis) {}

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private static Timed timed(Call call) throws Exception {
    long start = System.nanoTime();
    int status = call.send().statusCode();
    return new Timed(status, (System.nanoTime() - start) / 1_000_000);
  }
}
