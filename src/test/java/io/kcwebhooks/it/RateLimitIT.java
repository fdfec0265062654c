package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * A webhook's {@code maxRequestsPerSecond}: a burst arrives no faster than the limit and all of it
 * arrives; a receiver's {@code Retry-After} holds the webhook back beyond what the limit allows.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class RateLimitIT extends SharedServerTest {

  private static final String EVENT = "access.CLIENT_LOGIN";
  private static final Duration QUIET = Duration.ofSeconds(3);

  @Test
  void aBurstArrivesNoFasterThanTheLimitAndAllOfIt() throws Exception {
    int limit = 10;
    int burst = 200;
    Receiver receiver = receivers.start();
    String id = create(receiver.url(), limit);
    assertThat(api.get(id).expect(200).json().get("maxRequestsPerSecond").asInt()).isEqualTo(limit);

    Logins.produce(http, realm.getName(), burst);
    List<Receiver.Received> received =
        receiver.awaitSettled(r -> true, burst, QUIET, Duration.ofSeconds(burst / limit + 60));

    Set<String> ids =
        received.stream().map(Receiver.Received::webhookId).collect(Collectors.toSet());
    assertThat(received).hasSize(burst);
    assertThat(ids).hasSize(burst);
    // The limit spaces the starts of attempts, so it is read from the server's own attempt log: a
    // receiver's arrival times also carry the network's and a busy machine's jitter.
    List<Long> starts = ids.stream().map(delivery -> startOf(id, delivery)).sorted().toList();
    // One more in a second allows for the moment a worker records after the limiter let it go.
    assertThat(mostInOneSecond(starts)).isLessThanOrEqualTo(limit + 1);
    long span = starts.get(starts.size() - 1) - starts.get(0);
    assertThat(span).isGreaterThanOrEqualTo((burst - 1) * 1000L / limit - 500);
  }

  private long startOf(String webhookId, String deliveryId) {
    JsonNode attempts = api.delivery(webhookId, deliveryId).expect(200).json().get("attemptLog");
    assertThat(attempts).hasSize(1);
    return Instant.parse(attempts.get(0).get("startedAt").asText()).toEpochMilli();
  }

  @Test
  void retryAfterHoldsTheWebhookBackLongerThanItsLimitWould() throws Exception {
    Receiver receiver = receivers.start();
    create(receiver.url(), 2);
    receiver.answer(200, Map.of("Retry-After", "3"));
    receiver.answerNext(429);

    Logins.produce(http, realm.getName(), 6);
    List<Receiver.Received> received =
        receiver.awaitSettled(r -> r.answeredWith() == 200, 6, QUIET, Duration.ofSeconds(60));

    assertThat(received).hasSize(6);
    List<Receiver.Received> all = receiver.requests();
    assertThat(all.get(0).answeredWith()).isEqualTo(429);
    long pause = all.get(1).at() - all.get(0).at();
    assertThat(pause).as("milliseconds after the 429").isGreaterThanOrEqualTo(2_500);
  }

  @Test
  void aLimitIsKeptByAPutWithoutItRemovedWithZeroAndRefusedOutOfRange() throws Exception {
    Receiver receiver = receivers.start();
    String id = create(receiver.url(), 5);

    api.update(id, Json.write(Map.of("url", receiver.url(), "eventTypes", List.of(EVENT))))
        .expect(204);
    assertThat(api.get(id).expect(200).json().get("maxRequestsPerSecond").asInt()).isEqualTo(5);

    api.update(id, body(receiver.url(), 0)).expect(204);
    assertThat(api.get(id).expect(200).json().has("maxRequestsPerSecond")).isFalse();

    JsonNode refused = api.update(id, body(receiver.url(), 10_001)).expect(400).json();
    assertThat(refused.get("error").asText()).contains("maxRequestsPerSecond");
    assertThat(api.create(body(receiver.url(), -1)).expect(400).json().get("error").asText())
        .contains("maxRequestsPerSecond");
  }

  private String create(String url, int limit) {
    return api.create(body(url, limit)).expect(201).json().get("id").asText();
  }

  private static String body(String url, int limit) {
    return Json.write(
        Map.of("url", url, "eventTypes", List.of(EVENT), "maxRequestsPerSecond", limit));
  }

  private static int mostInOneSecond(List<Long> sortedArrivals) {
    int most = 0;
    int from = 0;
    for (int to = 0; to < sortedArrivals.size(); to++) {
      while (sortedArrivals.get(to) - sortedArrivals.get(from) >= 1_000) {
        from++;
      }
      most = Math.max(most, to - from + 1);
    }
    return most;
  }
}
