package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.HostileReceiver;
import io.kcwebhooks.it.support.HostileReceiver.Mode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Webhooks that hang or trickle cannot starve a healthy neighbour in their own realm: until they
 * answer, they share half of the realm's share of workers, and are still retried on their schedule.
 * Without that, two of them would fill the realm's share of 8 workers at 4 each, for up to the
 * attempt timeout (5 s here) at a time.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class NeighboursIT extends SharedServerTest {

  private static final String EVENT = "access.CLIENT_LOGIN";
  private static final int ROUNDS = 10;

  /** Far above what the healthy path takes, far below what a held worker costs (2 s to 5 s). */
  private static final long MAX_LAG_MILLIS = 1_500;

  /** The shared server's first retry delay, without jitter. */
  private static final long RETRY_DELAY_MILLIS = 1_000;

  @Test
  void aHealthyWebhookGetsEveryEventPromptlyBesideTwoThenSixMisbehavingOnes() throws Exception {
    try (HostileReceiver hostile = HostileReceiver.start()) {
      Receiver healthy = receivers.start();
      api.create(healthy.url(), null, EVENT);
      List<String> misbehaving = new ArrayList<>();
      misbehaving.add(api.create(hostile.url(Mode.TRICKLE), null, EVENT));
      misbehaving.add(api.create(hostile.url(Mode.SILENT), null, EVENT));

      List<Long> lags = new ArrayList<>(rounds(http, healthy, 0));
      for (String webhookId : misbehaving) {
        assertRetriedOnSchedule(api, webhookId);
      }
      for (Mode mode : List.of(Mode.TRICKLE, Mode.SILENT, Mode.TRICKLE, Mode.TRICKLE)) {
        misbehaving.add(api.create(hostile.url(mode), null, EVENT));
      }
      lags.addAll(rounds(http, healthy, ROUNDS));

      List<Long> sorted = lags.stream().sorted().toList();
      long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
      System.out.printf(
          "NeighboursIT: healthy lag median %d ms, p99 %d ms over %d events%n",
          sorted.get(sorted.size() / 2), p99, sorted.size());
      assertThat(p99).as("p99 lag of the healthy webhook, ms").isLessThan(MAX_LAG_MILLIS);
      await()
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> healthy.requests().size() == 2 * ROUNDS);
    }
  }

  /** One event at a time; the time from each token request to its delivery at the healthy one. */
  private List<Long> rounds(Http http, Receiver healthy, int before) {
    List<Long> lags = new ArrayList<>();
    for (int i = 1; i <= ROUNDS; i++) {
      long sent = System.currentTimeMillis();
      http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
      int expected = before + i;
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> healthy.requests().size() >= expected);
      lags.add(healthy.requests().get(expected - 1).at() - sent);
    }
    return lags;
  }

  /**
   * The webhook's oldest delivery gets its second attempt, no sooner than the schedule says; later
   * by as long as the deliveries due before it take in the probation half.
   */
  private static void assertRetriedOnSchedule(WebhooksApi api, String webhookId) {
    JsonNode log =
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> oldestAttemptLog(api, webhookId), attempts -> attempts.size() >= 2);
    assertThat(oldestPending(api, webhookId).get("heldBack").asText())
        .contains("shares the half of the realm's workers kept for webhooks on probation");
    JsonNode first = log.get(0);
    Instant firstEnd =
        Instant.parse(first.get("startedAt").asText()).plusMillis(first.get("durationMs").asLong());
    assertThat(Instant.parse(log.get(1).get("startedAt").asText()))
        .isAfterOrEqualTo(firstEnd.plusMillis(RETRY_DELAY_MILLIS - 100));
  }

  private static JsonNode oldestPending(WebhooksApi api, String webhookId) {
    JsonNode pending = api.deliveries(webhookId, "?status=pending&max=100").expect(200).json();
    return pending.get(pending.size() - 1);
  }

  private static JsonNode oldestAttemptLog(WebhooksApi api, String webhookId) {
    JsonNode list = api.deliveries(webhookId, "?max=100").expect(200).json();
    String oldest = list.get(list.size() - 1).get("id").asText();
    return api.delivery(webhookId, oldest).expect(200).json().get("attemptLog");
  }
}
