package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Keycloak nodes clustered on one PostgreSQL database (Keycloak's default discovery through the
 * database) share the delivery work, and the survivor finishes what a killed node had claimed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  private static final String REALM = "cluster";
  private static final int EVENTS = 2000;
  private static final int WORKERS = 16;
  private static final Pattern DELIVERED =
      Pattern.compile("webhook attempt delivery=(\\S+) .*status=200 ");

  static KeycloakNode a;
  static KeycloakNode b;
  static Receiver receiver;

  @BeforeAll
  static void startCluster() throws Exception {
    String database = Postgres.freshDatabase("kcw_cluster");
    a = KeycloakNode.install("cluster-a", 18580, "");
    a.run(List.of("build", "--db=postgres", "--cache=ispn"));
    b = a.copy("cluster-b", 18680);
    a.start(startArgs(database, 7810));
    b.start(startArgs(database, 7820));
    receiver = Receiver.start();
    Realms.create(new Http(a.baseUrl()), REALM);
  }

  private static List<String> startArgs(String database, int clusterPort) {
    List<String> args = new ArrayList<>(List.of("start", "--optimized", "--http-enabled=true"));
    args.add("--hostname-strict=false");
    args.add("--cache-embedded-network-bind-address=127.0.0.1");
    args.add("--cache-embedded-network-bind-port=" + clusterPort);
    args.addAll(Postgres.options(database));
    args.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of(
                "retry-schedule",
                "2s" + ",2s".repeat(48),
                "lease",
                "10s",
                "workers",
                Integer.toString(WORKERS))));
    return args;
  }

  @AfterAll
  static void stopCluster() {
    for (KeycloakNode node : new KeycloakNode[] {a, b}) {
      if (node != null) {
        node.kill();
      }
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  @Order(1)
  void aWebhookChangedOnOneNodeAppliesOnTheOtherAtOnce() {
    Http onA = new Http(a.baseUrl());
    Http onB = new Http(b.baseUrl());
    WebhooksApi apiA = WebhooksApi.asAdmin(onA, REALM);
    WebhooksApi apiB = WebhooksApi.asAdmin(onB, REALM);

    String id = apiA.create(receiver.url(), null, "access.CLIENT_LOGIN");
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).containsExactly("access.CLIENT_LOGIN");

    apiA.update(id, WebhooksApi.webhook(receiver.url(), null, "admin.*"));
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).hasSize(1);

    apiA.update(id, WebhooksApi.webhook(receiver.url(), null, "access.*"));
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).hasSize(2);

    apiA.delete(id);
    assertThat(apiB.get(id).status()).isEqualTo(404);
    String other = apiA.create(receiver.url(), null, "access.CLIENT_LOGIN");
    loginOn(onB);
    assertThat(apiB.deliveredTypes(other)).hasSize(1);
    apiA.delete(other);
  }

  @Test
  @Order(2)
  void bothNodesDeliverAndEachDeliveryArrivesExactlyOnce() throws Exception {
    Http onA = new Http(a.baseUrl());
    WebhooksApi api = WebhooksApi.asAdmin(onA, REALM);
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.clear();

    produce(EVENTS);

    await().atMost(Duration.ofMinutes(3)).until(() -> receiver.requests().size() >= EVENTS);
    Map<String, Long> perId = countsById();
    assertThat(perId).hasSize(EVENTS);
    assertThat(perId.values()).as("no delivery arrived twice").containsOnly(1L);
    assertThat(deliveredBy(a)).as("node A delivered").isNotEmpty();
    assertThat(deliveredBy(b)).as("node B delivered").isNotEmpty();
    api.delete(id);
  }

  @Test
  @Order(3)
  void theSurvivorDeliversWhatAKilledNodeHadClaimed() throws Exception {
    Http onA = new Http(a.baseUrl());
    WebhooksApi api = WebhooksApi.asAdmin(onA, REALM);
    api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.clear();
    receiver.answer(503);
    int backlog = 300;
    for (int i = 0; i < backlog; i++) {
      loginOn(onA);
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.requests().size() >= backlog);

    a.kill();
    receiver.answer(200);

    await()
        .atMost(Duration.ofMinutes(2))
        .until(
            () ->
                receiver.requests(r -> r.answeredWith() == 200).stream()
                        .map(Receiver.Received::webhookId)
                        .distinct()
                        .count()
                    == backlog);
    long duplicates = receiver.requests(r -> r.answeredWith() == 200).size() - (long) backlog;
    System.out.printf(
        "Failover: %d deliveries, %d duplicates after the kill%n", backlog, duplicates);
    assertThat(duplicates).isLessThanOrEqualTo(WORKERS);
  }

  private static void produce(int events) throws InterruptedException {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    Http[] nodes = {new Http(a.baseUrl()), new Http(b.baseUrl())};
    for (int i = 0; i < events; i++) {
      Http node = nodes[i % 2];
      clients.execute(() -> loginOn(node));
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
  }

  private static void loginOn(Http node) {
    node.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
  }

  private static Map<String, Long> countsById() {
    return receiver.requests().stream()
        .collect(Collectors.groupingBy(Receiver.Received::webhookId, Collectors.counting()));
  }

  private static List<String> deliveredBy(KeycloakNode node) {
    Matcher matcher = DELIVERED.matcher(node.serverLog());
    List<String> ids = new ArrayList<>();
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }
}
