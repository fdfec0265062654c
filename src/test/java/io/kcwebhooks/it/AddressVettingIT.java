package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receivers;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Address vetting against real addresses of this machine that are not loopback. A veth pair,
 * created after Keycloak has started, gives the machine two more addresses: 198.51.100.1 for
 * receiver A, which nothing allow-lists, and 198.51.100.2 for receiver B, which the shared test
 * configuration allow-lists. The API refuses A's address as a literal, so the node resolves a name
 * to it through a hosts file of its own (only that JVM reads it).
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("AddressVettingIT nodes")
class AddressVettingIT {

  private static final String REALM = "vetting";
  private static final String LINK = "kcwv0";
  private static final String PEER = "kcwv1";
  private static final String ADDRESS_A = "198.51.100.1";
  private static final String ADDRESS_B = "198.51.100.2";
  private static final String NAME_A = "receiver-a.vetting.test";
  // A non-root PATH may lack /usr/sbin, where Debian puts iproute2's ip.
  private static final String IP =
      Files.isExecutable(Path.of("/usr/sbin/ip")) ? "/usr/sbin/ip" : "ip";
  private static KeycloakNode node;

  WebhooksApi api;
  @RegisterExtension final Receivers receivers = new Receivers();

  @BeforeAll
  static void startNodeThenAddInterfaces() throws IOException {
    node = KeycloakNode.install("vetting", 18790, Build.H2);
    Path hosts = node.home().resolve("vetting-hosts");
    Files.writeString(
        hosts,
        "127.0.0.1 localhost "
            + InetAddress.getLocalHost().getHostName()
            + "\n"
            + ADDRESS_A
            + " "
            + NAME_A
            + "\n");
    List<String> args = new ArrayList<>(List.of("-Djdk.net.hosts.file=" + hosts));
    args.addAll(WebhookServerConfig.deliveryArgs(Map.of()));
    node.start(args);
    Realms.create(new Http(node.baseUrl()), REALM);
    // Vetting reads the interfaces before the veth pair exists, so the tests show that it reads
    // them again.
    WebhooksApi admin = WebhooksApi.asAdmin(new Http(node.baseUrl()), REALM);
    assertThat(refusalOfSaving(admin, "http://" + ADDRESS_A + "/hook"))
        .isEqualTo(ADDRESS_A + " is a documentation address");
    removeVethPair();
    ip("link", "add", LINK, "type", "veth", "peer", "name", PEER);
    ip("address", "add", ADDRESS_A + "/32", "dev", LINK);
    ip("address", "add", ADDRESS_B + "/32", "dev", PEER);
    ip("link", "set", LINK, "up");
    ip("link", "set", PEER, "up");
  }

  @AfterAll
  static void stopNodeAndRemoveInterfaces() {
    if (node != null) {
      node.kill();
    }
    removeVethPair();
  }

  @BeforeEach
  void setUp() {
    api = WebhooksApi.asAdmin(new Http(node.baseUrl()), REALM);
    api.deleteAll();
  }

  @Test
  void aReceiverOnAnAddressOfThisMachineIsReachedOnlyWhenAllowListed() throws Exception {
    Receiver a = receivers.startOn(ADDRESS_A);
    Receiver b = receivers.startOn(ADDRESS_B);
    String toA = api.create("http://" + NAME_A + ":" + a.port() + "/hook", null, "access.*");
    String toB = api.create("http://" + ADDRESS_B + ":" + b.port() + "/hook", null, "access.*");

    new Http(node.baseUrl()).clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);

    JsonNode failed = awaitOnlyDelivery(toA, "failed");
    List<String> errors =
        api.delivery(toA, failed.get("id").asText())
            .expect(200)
            .json()
            .get("attemptLog")
            .findValuesAsText("error");
    assertThat(errors)
        .hasSize(WebhookServerConfig.ATTEMPTS)
        .allSatisfy(error -> assertThat(error).startsWith("refused target: " + ADDRESS_A + " is "));
    awaitOnlyDelivery(toB, "delivered");

    // A test ping shows the reason once vetting has read the new interfaces.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(api.pingOutcome(toA).get("lastError").asText())
                    .isEqualTo("refused target: " + ADDRESS_A + " is an address of this machine"));
    api.ping(toB);

    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> a.requests().isEmpty() && b.requests().size() == 2);
  }

  @Test
  void anInterfaceAddedAfterStartUpIsRefusedAsAnAddressOfThisMachine() {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () ->
                assertThat(refusalOfSaving(api, "http://" + ADDRESS_A + ":8080/hook"))
                    .isEqualTo(ADDRESS_A + " is an address of this machine"));
    assertThat(api.list().expect(200).json()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          http://0x7f000001/hook              | 0x7f000001 is a numeric host in a form URL parsers read differently
          http://017700000001/hook            | 017700000001 is a numeric host in a form URL parsers read differently
          http://2130706433/hook              | 2130706433 is a numeric host in a form URL parsers read differently
          http://127.0.0.01/hook              | 127.0.0.01 is a numeric host in a form URL parsers read differently
          http://0/hook                       | 0 is a numeric host in a form URL parsers read differently
          http://127.1/hook                   | url must name a host
          http://134744072/hook               | 134744072 is a numeric host in a form URL parsers read differently
          http://[fe80::1%25lo]/hook          | [fe80::1%25lo] carries an IPv6 zone (scope) id
          http://[fe80::1%lo]/hook            | [fe80::1%lo] carries an IPv6 zone (scope) id
          http://[2606:4700::1111%25eth0]/hook | [2606:4700::1111%25eth0] carries an IPv6 zone (scope) id
          http://192.0.2.1/hook               | 192.0.2.1 is a documentation address
          http://203.0.113.7/hook             | 203.0.113.7 is a documentation address
          http://[2001:db8::1]/hook           | 2001:db8:0:0:0:0:0:1 is a documentation address
          http://[2001::1]/hook               | 2001:0:0:0:0:0:0:1 is a Teredo tunnel address
          http://[100::1]/hook                | 100:0:0:0:0:0:0:1 is a discard-only address
          http://[64:ff9b:1::1]/hook          | 64:ff9b:1:0:0:0:0:1 is a local-use IPv4/IPv6 translation address
          http://[::ffff:0:7f00:2]/hook       | 0:0:0:0:ffff:0:7f00:2 embeds 127.0.0.2, which is a loopback address
          http://[64:ff9b::a9fe:a9fe]/hook    | 64:ff9b:0:0:0:0:a9fe:a9fe embeds 169.254.169.254, which is a link-local address
          """)
  void savingRefusesAmbiguousAndUnreachableHosts(String url, String message) {
    String existing = api.create("https://example.com/hook", null, "access.*");

    String body = WebhooksApi.webhook(url, null, "access.*");
    assertThat(api.create(body).expect(400).json().get("error").asText()).startsWith(message);
    assertThat(api.update(existing, body).expect(400).json().get("error").asText())
        .startsWith(message);

    assertThat(api.list().expect(200).json().findValuesAsText("url"))
        .containsExactly("https://example.com/hook");
  }

  private static String refusalOfSaving(WebhooksApi api, String url) {
    return api.create(WebhooksApi.webhook(url, null, "access.*"))
        .expect(400)
        .json()
        .get("error")
        .asText();
  }

  private JsonNode awaitOnlyDelivery(String webhookId, String status) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> api.deliveries(webhookId, "?status=" + status).expect(200).json().size() == 1);
    return api.deliveries(webhookId, "?status=" + status).expect(200).json().get(0);
  }

  /** Also clears what a crashed earlier run left behind; deleting one end removes both. */
  private static void removeVethPair() {
    run(List.of(IP, "link", "delete", LINK));
  }

  private static void ip(String... args) {
    List<String> command = new ArrayList<>(List.of(IP));
    command.addAll(List.of(args));
    if (run(command) != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }

  private static int run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
