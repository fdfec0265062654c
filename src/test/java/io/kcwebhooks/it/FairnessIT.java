package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * One realm's backlog to a slow receiver does not hold up another realm's deliveries, even to the
 * same host and port: a realm gets at most half of a node's workers.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("FairnessIT nodes")
class FairnessIT {

  private static final String BUSY_REALM = "fair-busy";
  private static final String QUIET_REALM = "fair-quiet";
  private static final int BUSY_WEBHOOKS = 8;
  private static final int BUSY_EVENTS = 400;
  private static final long SLOW_ANSWER_MILLIS = 1_500;

  static KeycloakNode node;
  static HttpServer receiver;
  static final AtomicInteger slowAnswered = new AtomicInteger();
  static final List<Long> quickArrivals = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext("/slow", FairnessIT::answerSlowly);
    receiver.createContext("/quick", FairnessIT::answerAtOnce);
    receiver.start();
    node = KeycloakNode.install("fairness", 18880, Build.H2);
    // The default 16 workers and 4 per webhook; answers come well within the response timeout.
    node.start(WebhookServerConfig.deliveryArgs(Map.of("response-timeout", "10s")));
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.kill();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  void aFreshEventOfAQuietRealmIsNotHeldUpByAnotherRealmsBacklog() throws Exception {
    Http http = new Http(node.baseUrl());
    Realms.create(http, BUSY_REALM);
    Realms.create(http, QUIET_REALM);
    WebhooksApi busy = WebhooksApi.asAdmin(http, BUSY_REALM);
    for (int i = 0; i < BUSY_WEBHOOKS; i++) {
      busy.create(url("/slow/" + i), null, "access.CLIENT_LOGIN");
    }
    WebhooksApi quiet = WebhooksApi.asAdmin(http, QUIET_REALM);
    String quietWebhook = quiet.create(url("/quick"), null, "access.CLIENT_LOGIN");

    Logins.produce(http, BUSY_REALM, BUSY_EVENTS);
    int backlog = BUSY_WEBHOOKS * BUSY_EVENTS;
    await().atMost(Duration.ofMinutes(1)).until(() -> slowAnswered.get() >= 16);

    long sent = System.currentTimeMillis();
    http.clientToken(QUIET_REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);

    await().atMost(Duration.ofSeconds(30)).until(() -> !quickArrivals.isEmpty());
    long waited = quickArrivals.get(0) - sent;
    // Most of the backlog is still waiting: at 16 workers it would take minutes to drain.
    assertThat(slowAnswered.get()).isLessThan(backlog / 2);
    assertThat(waited).as("milliseconds until the quiet realm's event arrived").isLessThan(5_000);
    assertThat(quiet.deliveries(quietWebhook, "?status=delivered").expect(200).json().size())
        .isEqualTo(1);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private static void answerSlowly(HttpExchange exchange) throws IOException {
    drain(exchange);
    try {
      Thread.sleep(SLOW_ANSWER_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
    slowAnswered.incrementAndGet();
  }

  private static void answerAtOnce(HttpExchange exchange) throws IOException {
    drain(exchange);
    quickArrivals.add(System.currentTimeMillis());
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  private static void drain(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
  }
}
