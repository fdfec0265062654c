package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kcwebhooks.it.support.Database;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receivers;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Keycloak nodes clustered on one database (Keycloak's default discovery through the database)
 * share the delivery work: each delivery arrives once although both nodes claim from the same
 * backlog, and the survivor finishes what a killed node had claimed. Each database it runs on is a
 * subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterIT {

  private static final String REALM = "cluster";
  private static final String DATABASE = "kcw_cluster";
  private static final int WORKERS = 16;
  private static final Duration LEASE = Duration.ofSeconds(15);
  // 50 attempts 3 s apart: a backlog answered 503 stays pending for minutes, however slow the
  // machine is at producing it.
  private static final String RETRY_SCHEDULE = "3s" + ",3s".repeat(48);
  // Longer than a lease, so a delivery sent again after its lease ended would still be counted.
  private static final Duration QUIET = LEASE.plusSeconds(3);
  private static final Duration DRAIN = Duration.ofMinutes(5);
  private static final Predicate<Receiver.Received> ANSWERED_200 = r -> r.answeredWith() == 200;
  private static final Pattern DELIVERED =
      Pattern.compile("webhook attempt delivery=(\\S+) .*status=200 ");

  private final Database database;
  private KeycloakNode a;
  private KeycloakNode b;
  private Http onA;
  private Http onB;
  private WebhooksApi api;
  @RegisterExtension final Receivers receivers = new Receivers();

  ClusterIT(Database database) {
    this.database = database;
  }

  @BeforeAll
  void startCluster() {
    List<String> databaseOptions = database.fresh(DATABASE);
    String prefix = "cluster-" + database.kind() + "-";
    int offset = database.portOffset();
    a = KeycloakNode.install(prefix + "a", 18580 + offset, database.clusterBuild());
    b = KeycloakNode.install(prefix + "b", 18680 + offset, database.clusterBuild());
    a.start(startArgs(databaseOptions, 7810 + 4 * offset));
    b.start(startArgs(databaseOptions, 7820 + 4 * offset));
    onA = new Http(a.baseUrl());
    onB = new Http(b.baseUrl());
    Realms.create(onA, REALM);
  }

  private static List<String> startArgs(List<String> databaseOptions, int clusterPort) {
    List<String> args = new ArrayList<>(List.of("--cache-embedded-network-bind-address=127.0.0.1"));
    args.add("--cache-embedded-network-bind-port=" + clusterPort);
    args.addAll(databaseOptions);
    args.addAll(
        WebhookServerConfig.deliveryArgs(
            Map.of(
                "retry-schedule",
                RETRY_SCHEDULE,
                "lease",
                LEASE.toSeconds() + "s",
                "workers",
                Integer.toString(WORKERS))));
    return args;
  }

  @AfterAll
  void stopCluster() {
    for (KeycloakNode node : new KeycloakNode[] {a, b}) {
      if (node != null) {
        node.kill();
      }
    }
  }

  @BeforeEach
  void startClean() {
    api = WebhooksApi.asAdmin(onA, REALM);
    api.deleteAll();
  }

  @Test
  @Order(1)
  void aWebhookChangedOnOneNodeAppliesOnTheOtherAtOnce() throws Exception {
    Receiver receiver = receivers.start();
    WebhooksApi apiB = WebhooksApi.asAdmin(onB, REALM);

    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).containsExactly("access.CLIENT_LOGIN");

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "admin.*")).expect(204);
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).hasSize(1);

    api.update(id, WebhooksApi.webhook(receiver.url(), null, "access.*")).expect(204);
    loginOn(onB);
    assertThat(apiB.deliveredTypes(id)).hasSize(2);

    api.delete(id).expect(204);
    apiB.get(id).expect(404);
    String other = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    loginOn(onB);
    assertThat(apiB.deliveredTypes(other)).hasSize(1);
  }

  /**
   * Creates race on both nodes at 49 webhooks: the realm's row is locked while its webhooks are
   * counted, so exactly one gets in.
   */
  @Test
  @Order(2)
  void theRealmLimitHoldsUnderParallelCreatesOnBothNodes() throws Exception {
    int limit = 50;
    int racing = 100;
    for (int i = 0; i < limit - 1; i++) {
      api.create("https://example.com/hook/" + i, null, "access.CLIENT_LOGIN");
    }
    WebhooksApi apiB = WebhooksApi.asAdmin(onB, REALM);
    onA.adminToken();
    onB.adminToken();
    ExecutorService admins = Executors.newFixedThreadPool(racing);
    List<Callable<Http.Response>> creates = new ArrayList<>();
    for (int i = 0; i < racing; i++) {
      WebhooksApi on = i % 2 == 0 ? api : apiB;
      String body = WebhooksApi.webhook("https://example.com/race/" + i, null, "access.*");
      creates.add(() -> on.create(body));
    }
    List<Http.Response> answers = new ArrayList<>();
    for (Future<Http.Response> create : admins.invokeAll(creates)) {
      answers.add(create.get());
    }
    admins.shutdown();

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(201, 409));
    assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
    assertThat(answers.stream().filter(r -> r.status() == 409))
        .allSatisfy(r -> assertThat(r.json().get("error").asText()).contains("50 webhooks"));
    assertThat(api.list().expect(200).json()).hasSize(limit);
    assertThat(apiB.list().expect(200).json()).hasSize(limit);
  }

  /** Deleting a webhook deletes its deliveries and attempts; deleting a realm, all of its own. */
  @Test
  @Order(3)
  void deletingAWebhookOrARealmDeletesTheirDeliveries() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    String kept = api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    receiver.answerNext(503);
    produce(5, onA);
    await()
        .atMost(DRAIN)
        .until(() -> stored("WEBHOOK_ID", id) == 5 && stored("WEBHOOK_ID", kept) == 5);
    await()
        .atMost(DRAIN)
        .until(() -> api.deliveries(id, "?status=delivered").expect(200).json().size() == 5);
    assertThat(orphanAttempts()).isZero();

    api.delete(id).expect(204);

    assertThat(stored("WEBHOOK_ID", id)).isZero();
    assertThat(orphanAttempts()).isZero();
    assertThat(stored("WEBHOOK_ID", kept)).isEqualTo(5);

    String doomed = "cluster-doomed";
    Realms.create(onA, doomed);
    String realmId =
        onA.get("/admin/realms/" + doomed, onA.adminToken()).expect(200).json().get("id").asText();
    WebhooksApi inDoomed = WebhooksApi.asAdmin(onA, doomed);
    String doomedHook = inDoomed.create(receiver.url(), null, "access.CLIENT_LOGIN");
    for (int i = 0; i < 3; i++) {
      onA.clientToken(doomed, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }
    await()
        .atMost(DRAIN)
        .until(
            () ->
                inDoomed.deliveries(doomedHook, "?status=delivered").expect(200).json().size()
                    == 3);
    assertThat(stored("REALM_ID", realmId)).isEqualTo(3);

    onA.delete("/admin/realms/" + doomed, onA.adminToken()).expect(204);

    assertThat(stored("REALM_ID", realmId)).isZero();
    assertThat(orphanAttempts()).isZero();
    assertThat(
            database.number(
                DATABASE, "select count(*) from WEBHOOK_EVENT where REALM_ID = ?", realmId))
        .isZero();
  }

  private long stored(String column, String value) {
    return database.number(
        DATABASE, "select count(*) from WEBHOOK_DELIVERY where " + column + " = ?", value);
  }

  /** Attempts whose delivery is gone: a deletion that left them would show here. */
  private long orphanAttempts() {
    return database.number(
        DATABASE,
        "select count(*) from WEBHOOK_ATTEMPT a"
            + " where not exists (select 1 from WEBHOOK_DELIVERY d where d.ID = a.DELIVERY_ID)");
  }

  @Test
  @Order(4)
  void bothNodesDeliverWhatTheyProducedAndEachDeliveryArrivesExactlyOnce() throws Exception {
    Receiver receiver = receivers.start();
    api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    int events = 1000;

    produce(events, onA, onB);

    List<Receiver.Received> arrived = receiver.awaitSettled(r -> true, events, QUIET, DRAIN);
    assertThat(countsById(arrived)).hasSize(events);
    assertThat(countsById(arrived).values()).as("no delivery arrived twice").containsOnly(1L);
    Set<String> ids = countsById(arrived).keySet();
    assertThat(deliveredBy(a, ids)).as("node A delivered").isNotEmpty();
    assertThat(deliveredBy(b, ids)).as("node B delivered").isNotEmpty();
  }

  @Test
  @Order(5)
  void twoNodesDrainOneBacklogOfRetriesAndEachDeliveryArrivesOnce() throws Exception {
    Receiver receiver = receivers.start();
    api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    int backlog = 400;
    // Every first attempt fails, so every delivery becomes a retry that is due in the database,
    // leased to no node: from then on each attempt is claimed by whichever node polls first.
    receiver.answer(503);
    produce(backlog, onA);
    awaitEveryDeliveryTried(receiver, backlog);

    receiver.answer(200);

    List<Receiver.Received> delivered = receiver.awaitSettled(ANSWERED_200, backlog, QUIET, DRAIN);
    assertThat(countsById(delivered)).hasSize(backlog);
    assertThat(countsById(delivered).values()).as("no delivery arrived twice").containsOnly(1L);
    Set<String> ids = countsById(delivered).keySet();
    Set<String> byA = deliveredBy(a, ids);
    Set<String> byB = deliveredBy(b, ids);
    System.out.printf(
        "Contention on %s: node A delivered %d, node B %d of %d retries%n",
        database, byA.size(), byB.size(), backlog);
    assertThat(byA).as("node A claimed some").isNotEmpty();
    assertThat(byB).as("node B claimed some").isNotEmpty();
    assertThat(byA).as("no delivery sent by both nodes").doesNotContainAnyElementsOf(byB);
    assertThat(byA.size() + byB.size()).isEqualTo(backlog);
  }

  @Test
  @Order(6)
  void theSurvivorDeliversWhatAKilledNodeHadClaimed() throws Exception {
    Receiver receiver = receivers.start();
    api.create(receiver.url(), null, "access.CLIENT_LOGIN");
    int backlog = 300;
    receiver.answer(503);
    produce(backlog, onA);
    awaitEveryDeliveryTried(receiver, backlog);

    a.kill();
    receiver.answer(200);

    List<Receiver.Received> delivered = receiver.awaitSettled(ANSWERED_200, backlog, QUIET, DRAIN);
    assertThat(ids(delivered)).hasSize(backlog);
    long duplicates = delivered.size() - (long) backlog;
    System.out.printf(
        "Failover on %s: %d deliveries, %d duplicates after the kill%n",
        database, backlog, duplicates);
    assertThat(duplicates).isLessThanOrEqualTo(WORKERS);
  }

  /** Client logins spread over the given nodes, four at a time; each must get its token. */
  private static void produce(int events, Http... nodes) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Callable<String>> logins = new ArrayList<>();
      for (int i = 0; i < events; i++) {
        Http node = nodes[i % nodes.length];
        logins.add(() -> loginOn(node));
      }
      for (Future<String> login : clients.invokeAll(logins)) {
        login.get();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  private static void awaitEveryDeliveryTried(Receiver receiver, int deliveries) {
    await().atMost(DRAIN).until(() -> ids(receiver.requests()).size() >= deliveries);
    assertThat(ids(receiver.requests())).hasSize(deliveries);
  }

  private static String loginOn(Http node) {
    return node.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
  }

  private static Set<String> ids(List<Receiver.Received> requests) {
    return requests.stream().map(Receiver.Received::webhookId).collect(Collectors.toSet());
  }

  private static Map<String, Long> countsById(List<Receiver.Received> requests) {
    return requests.stream()
        .collect(Collectors.groupingBy(Receiver.Received::webhookId, Collectors.counting()));
  }

  /** The deliveries among {@code ids} that this node's log shows answered 200. */
  private static Set<String> deliveredBy(KeycloakNode node, Set<String> ids) {
    Matcher matcher = DELIVERED.matcher(node.serverLog());
    Set<String> delivered = new HashSet<>();
    while (matcher.find()) {
      if (ids.contains(matcher.group(1))) {
        delivered.add(matcher.group(1));
      }
    }
    return delivered;
  }
}
