package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.HostileReceiver;
import io.kcwebhooks.it.support.HostileReceiver.Mode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Postgres;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Receivers that misbehave at the HTTP level cannot hurt Keycloak, on H2 and on PostgreSQL: every
 * attempt ends within the attempt timeout as a recorded failure, is retried on the schedule and
 * sent exactly as often as recorded, while Keycloak keeps answering token requests with a bounded
 * heap, and another realm's webhook on the same host and port is delivered at once.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("HostileReceiversIT nodes")
@Order(5)
class HostileReceiversIT {

  /**
   * The delays before each retry; the schedule option takes a leading {@code 0s} for the first
   * attempt in front of them.
   */
  private static final List<String> RETRY_DELAYS = List.of("1s", "1s");

  private static final int ATTEMPTS = 1 + RETRY_DELAYS.size();
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final long SLACK_MILLIS = 2_000;
  private static final String HEAP = "-Xms256m -Xmx512m";
  private static final long MAX_HEAP_USED_BYTES = 400L << 20;

  /**
   * Each misbehaviour once, and the trickle, which holds its connection for the whole attempt
   * timeout, three times more: see the healthy realm below.
   */
  private static final List<Mode> HOSTILE =
      List.of(
          Mode.HUGE_HEADER_LINE,
          Mode.MANY_HEADERS,
          Mode.ENDLESS_BODY,
          Mode.NUL_AND_INVALID_UTF8,
          Mode.TRICKLE,
          Mode.SILENT,
          Mode.TRICKLE,
          Mode.TRICKLE,
          Mode.TRICKLE);

  enum Database {
    H2,
    POSTGRES
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void hostileReceiversEndAsRecordedFailuresWhileKeycloakKeepsServing(Database database)
      throws Exception {
    try (HostileReceiver receiver = HostileReceiver.start();
        KeycloakNode node = start(database)) {
      Http http = new Http(node.baseUrl());
      Realms.create(http, "hostile");
      Realms.create(http, "healthy");
      WebhooksApi hostileApi = WebhooksApi.asAdmin(http, "hostile");
      Map<String, Mode> modeOfWebhook = new LinkedHashMap<>();
      for (Mode mode : HOSTILE) {
        modeOfWebhook.put(
            hostileApi.create(receiver.url(mode), "s3cret-value", "access.CLIENT_LOGIN"), mode);
      }
      WebhooksApi healthyApi = WebhooksApi.asAdmin(http, "healthy");
      String healthy =
          healthyApi.create(receiver.url(Mode.HEALTHY), "s3cret-value", "access.CLIENT_LOGIN");

      try (Prober prober = Prober.start(node)) {
        http.clientToken("hostile", TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
        // With four connections to the receiver's host:port held by slow answers, a pool limited
        // per host:port (to 4) would make the other realm's delivery wait for a connection.
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> receiver.openConnections() >= 4);
        http.clientToken("healthy", TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
        JsonNode healthyDelivery = awaitEnded(healthyApi, healthy, Duration.ofSeconds(30));
        assertThat(healthyDelivery.get("status").asText()).isEqualTo("delivered");
        assertThat(healthyDelivery.get("attempts").asInt()).isEqualTo(1);

        Map<String, JsonNode> ended = new LinkedHashMap<>();
        for (String webhookId : modeOfWebhook.keySet()) {
          ended.put(webhookId, awaitEnded(hostileApi, webhookId, Duration.ofMinutes(2)));
        }
        assertEveryAttempt(ended, modeOfWebhook);

        Instant quietUntil = lastAttemptStart(ended).plus(LEASE).plusSeconds(5);
        Duration quiet = Duration.between(Instant.now(), quietUntil);
        if (!quiet.isNegative()) {
          // A lease that ran out under a running attempt would show as a request more than
          // recorded, at the latest when the lease of the last attempt ends.
          await()
              .during(quiet)
              .atMost(quiet.plusSeconds(30))
              .until(() -> everyDeliverySeenAsOftenAsAttempted(receiver, ended));
        }
        assertThat(everyDeliverySeenAsOftenAsAttempted(receiver, ended)).isTrue();

        prober.assertKeycloakKeptServing(node);
        System.out.printf(
            "HostileReceiversIT %s: %d token requests, slowest %d ms, heap used at most %d MB%n",
            database, prober.probes(), prober.slowestMillis(), prober.maxHeapBytes() >> 20);
      }
    }
  }

  private static KeycloakNode start(Database database) {
    String name = "hostile-" + database.name().toLowerCase();
    KeycloakNode node =
        database == Database.H2
            ? KeycloakNode.install(name, 20180, Build.H2)
            : KeycloakNode.install(name, 20280, Build.POSTGRES);
    node.withEnvironment("JAVA_OPTS_KC_HEAP", HEAP);
    List<String> args = new ArrayList<>();
    if (database == Database.POSTGRES) {
      args.addAll(new Postgres().fresh("kcw_hostile"));
    }
    args.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of(
                "retry-schedule", String.join(",", RETRY_DELAYS),
                "attempt-timeout", ATTEMPT_TIMEOUT.toSeconds() + "s",
                "response-timeout", RESPONSE_TIMEOUT.toSeconds() + "s",
                "connect-timeout", "2s",
                "lease", LEASE.toSeconds() + "s")));
    node.start(args);
    return node;
  }

  /** Waits for the webhook's one delivery to end and returns it with its attempt log. */
  private static JsonNode awaitEnded(WebhooksApi api, String webhookId, Duration atMost) {
    return await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              JsonNode list = api.deliveries(webhookId, "").expect(200).json();
              if (list.size() != 1 || list.get(0).get("status").asText().equals("pending")) {
                return null;
              }
              return api.delivery(webhookId, list.get(0).get("id").asText()).expect(200).json();
            },
            delivery -> delivery != null);
  }

  private static void assertEveryAttempt(Map<String, JsonNode> ended, Map<String, Mode> modes) {
    SoftAssertions softly = new SoftAssertions();
    ended.forEach(
        (webhookId, delivery) -> {
          Mode mode = modes.get(webhookId);
          JsonNode log = delivery.get("attemptLog");
          softly
              .assertThat(delivery.get("status").asText())
              .as(mode + " status")
              .isEqualTo("failed");
          softly
              .assertThat(delivery.get("attempts").asInt())
              .as(mode + " attempts")
              .isEqualTo(ATTEMPTS);
          softly.assertThat(log.size()).as(mode + " attempt log").isEqualTo(ATTEMPTS);
          Instant previousEnd = null;
          for (JsonNode attempt : log) {
            String label = mode + " attempt " + attempt.get("attempt").asInt();
            long duration = attempt.get("durationMs").asLong();
            System.out.printf(
                "HostileReceiversIT %s: %d ms, %s%n", label, duration, summary(attempt));
            softly
                .assertThat(duration)
                .as(label + " duration")
                .isLessThanOrEqualTo(ATTEMPT_TIMEOUT.toMillis() + SLACK_MILLIS);
            assertOutcome(softly, label, mode, attempt);
            Instant started = Instant.parse(attempt.get("startedAt").asText());
            if (previousEnd != null) {
              softly
                  .assertThat(started)
                  .as(label + " waits for its retry delay")
                  .isAfterOrEqualTo(previousEnd.plusMillis(900));
            }
            previousEnd = started.plusMillis(duration);
          }
        });
    softly.assertAll();
  }

  private static void assertOutcome(
      SoftAssertions softly, String label, Mode mode, JsonNode attempt) {
    String error = text(attempt, "error");
    String body = text(attempt, "responseBody");
    switch (mode) {
      case HUGE_HEADER_LINE ->
          softly
              .assertThat(error)
              .as(label)
              .isEqualTo("answer refused: Maximum line length limit exceeded");
      case MANY_HEADERS ->
          softly
              .assertThat(error)
              .as(label)
              .isEqualTo("answer refused: Maximum header count exceeded");
      case ENDLESS_BODY -> {
        softly.assertThat(attempt.path("httpStatus").asInt()).as(label).isEqualTo(500);
        softly.assertThat(body).as(label).isEqualTo("z".repeat(1024));
        softly
            .assertThat(attempt.get("durationMs").asLong())
            .as(label + " reads no more than the excerpt")
            .isLessThan(ATTEMPT_TIMEOUT.toMillis());
      }
      case NUL_AND_INVALID_UTF8 -> {
        softly.assertThat(attempt.path("httpStatus").asInt()).as(label).isEqualTo(500);
        softly.assertThat(body).as(label).startsWith("broken\uFFFDbody ").doesNotContain("\u0000");
      }
      case TRICKLE ->
          softly
              .assertThat(error)
              .as(label)
              .isEqualTo("attempt timed out after " + ATTEMPT_TIMEOUT.toSeconds() + "s");
      case SILENT -> softly.assertThat(error).as(label).isEqualTo("response timeout");
      default -> throw new IllegalArgumentException(mode.name());
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asText() : null;
  }

  private static String summary(JsonNode attempt) {
    String body = text(attempt, "responseBody");
    return "status "
        + text(attempt, "httpStatus")
        + ", error "
        + text(attempt, "error")
        + ", body "
        + (body == null ? null : body.length() + " chars");
  }

  private static Instant lastAttemptStart(Map<String, JsonNode> ended) {
    return ended.values().stream()
        .flatMap(d -> StreamSupport.stream(d.get("attemptLog").spliterator(), false))
        .map(a -> Instant.parse(a.get("startedAt").asText()))
        .max(Instant::compareTo)
        .orElseThrow();
  }

  private static boolean everyDeliverySeenAsOftenAsAttempted(
      HostileReceiver receiver, Map<String, JsonNode> ended) {
    return ended.values().stream()
        .allMatch(d -> receiver.requests(d.get("id").asText()) == d.get("attempts").asInt());
  }

  /**
   * Asks for a token twice a second and reads the heap from the management port, on a thread of its
   * own, for as long as the hostile receivers are at work.
   */
  private static final class Prober implements AutoCloseable {
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
    private final KeycloakNode node;
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicLong probes = new AtomicLong();
    private final AtomicLong slowest = new AtomicLong();
    private final AtomicLong maxHeap = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    private Prober(KeycloakNode node) {
      this.node = node;
      this.thread = new Thread(this::run, "keycloak-prober");
      thread.setDaemon(true);
    }

    static Prober start(KeycloakNode node) {
      Prober prober = new Prober(node);
      prober.thread.start();
      return prober;
    }

    private void run() {
      while (running) {
        probeToken();
        readHeap();
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void probeToken() {
      long started = System.nanoTime();
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(node.baseUrl() + "/realms/master/protocol/openid-connect/token"))
                    .timeout(ANSWER_WITHIN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          failures.add(Instant.now() + ": HTTP " + response.statusCode());
        }
      } catch (IOException e) {
        failures.add(Instant.now() + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
        return;
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      probes.incrementAndGet();
      slowest.accumulateAndGet(millis, Math::max);
    }

    /** Sums the used bytes of every heap pool on the management port's /metrics. */
    private void readHeap() {
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(node.managementUrl() + "/metrics"))
                    .timeout(ANSWER_WITHIN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long used =
            response
                .body()
                .lines()
                .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
        maxHeap.accumulateAndGet(used, Math::max);
      } catch (IOException e) {
        failures.add(Instant.now() + ": metrics " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }

    long probes() {
      return probes.get();
    }

    long slowestMillis() {
      return slowest.get();
    }

    long maxHeapBytes() {
      return maxHeap.get();
    }

    void assertKeycloakKeptServing(KeycloakNode node) {
      assertThat(failures).as("token requests and metrics reads that failed").isEmpty();
      assertThat(probes.get()).as("token requests made").isGreaterThan(20);
      assertThat(slowest.get())
          .as("slowest token request, ms")
          .isLessThan(ANSWER_WITHIN.toMillis());
      // Buffering one hostile answer would take hundreds of MB; Keycloak itself needs about 200.
      assertThat(maxHeap.get())
          .as("most heap used, bytes, with -Xmx512m")
          .isPositive()
          .isLessThan(MAX_HEAP_USED_BYTES);
      assertThat(node.isRunning()).as("node still running").isTrue();
      assertThat(node.serverLog()).doesNotContain("OutOfMemoryError");
    }

    @Override
    public void close() {
      running = false;
      thread.interrupt();
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
