package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.kcwebhooks.it.support.Npm;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The receivers in {@code examples/}, run as their README says, against real deliveries: they
 * verify both kinds of secret, acknowledge a resend as a duplicate and refuse a forged request.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class ReceiverExamplesIT extends SharedServerTest {

  // Generous: a busy machine may take many seconds for what takes milliseconds on an idle one.
  private static final Duration PROMPTLY = Duration.ofSeconds(30);
  // Launching Receiver.java compiles it first.
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
  private static final Pattern VERIFIED = Pattern.compile("verified (\\S+) access\\.CLIENT_LOGIN");

  @ParameterizedTest(name = "{0} example, {1} secret")
  @CsvSource({
    "java, whsec",
    "java, plain",
    "node, whsec",
    "node, plain",
    "python, whsec",
    "python, plain"
  })
  void theExampleVerifiesDeduplicatesAndRejects(String example, String secretKind)
      throws Exception {
    String secret = "whsec".equals(secretKind) ? whsecSecret() : "plain-" + UUID.randomUUID();
    try (Example receiver = Example.start(example, secret)) {
      String webhookId = api.create(receiver.url(), secret, "access.CLIENT_LOGIN");
      http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);

      String deliveryUid = receiver.awaitLine(VERIFIED).group(1);
      await().atMost(PROMPTLY).until(() -> delivered(webhookId).size() == 1);
      String deliveryId = delivered(webhookId).get(0).get("id").asText();
      assertThat(deliveryId).isEqualTo(deliveryUid);

      api.resend(webhookId, deliveryId).expect(202);
      receiver.awaitLine(Pattern.compile("duplicate " + Pattern.quote(deliveryUid)));

      String forgedId = UUID.randomUUID().toString();
      assertThat(forge(receiver.url(), forgedId)).isEqualTo(401);
      receiver.awaitLine(Pattern.compile("rejected .+"));

      assertThat(receiver.lines())
          .filteredOn(line -> line.startsWith("verified "))
          .containsExactly("verified " + deliveryUid + " access.CLIENT_LOGIN");
    }
  }

  private JsonNode delivered(String webhookId) {
    return api.deliveries(webhookId, "?status=delivered").expect(200).json();
  }

  private static String whsecSecret() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }

  /** Posts a well-formed request signed with the wrong key; answers the status it got. */
  private static int forge(String url, String webhookId) throws Exception {
    long timestamp = System.currentTimeMillis() / 1000;
    String body = "{\"uid\":\"" + webhookId + "\",\"type\":\"access.CLIENT_LOGIN\"}";
    String signature =
        new Webhook("not-the-secret".getBytes(StandardCharsets.UTF_8))
            .sign(webhookId, timestamp, body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(PROMPTLY)
            .header("Content-Type", "application/json")
            .header("webhook-id", webhookId)
            .header("webhook-timestamp", Long.toString(timestamp))
            .header("webhook-signature", signature)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** One example receiver running as a child process, with the lines it has printed so far. */
  private static final class Example implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private Example(Process process, int port) {
      this.process = process;
      this.port = port;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader out =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  out.lines().forEach(lines::add);
                } catch (IOException | UncheckedIOException e) {
                  // The process was stopped; what it printed is already kept.
                }
              },
              "example-receiver-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Example start(String example, String secret) throws Exception {
      int port = freePort();
      ProcessBuilder builder = new ProcessBuilder(command(example)).directory(PROJECT.toFile());
      builder.environment().put("PORT", Integer.toString(port));
      builder.environment().put("WEBHOOK_SECRET", secret);
      // Stack traces and syntax errors land in the same list, so a failure shows them.
      builder.redirectErrorStream(true);
      Example started = new Example(builder.start(), port);
      try {
        started.awaitLine(Pattern.compile("listening " + port), STARTUP);
        return started;
      } catch (RuntimeException | Error e) {
        started.close();
        throw e;
      }
    }

    private static List<String> command(String example) throws Exception {
      return switch (example) {
        case "java" -> {
          Path java = Path.of(System.getProperty("java.home"), "bin", "java");
          Path jar =
              Path.of(Webhook.class.getProtectionDomain().getCodeSource().getLocation().toURI());
          yield List.of(java.toString(), "-cp", jar.toString(), "examples/java/Receiver.java");
        }
        case "node" -> {
          Npm.install(PROJECT.resolve("examples/node"), "standardwebhooks");
          yield List.of("node", "examples/node/receiver.mjs");
        }
        case "python" -> List.of("python3", "examples/python/receiver.py");
        default -> throw new IllegalArgumentException("no example " + example);
      };
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        return socket.getLocalPort();
      }
    }

    String url() {
      return "http://127.0.0.1:" + port + "/webhook";
    }

    List<String> lines() {
      return List.copyOf(lines);
    }

    Matcher awaitLine(Pattern pattern) {
      return awaitLine(pattern, PROMPTLY);
    }

    /** Waits for a line matching the whole pattern, failing at once if the process has ended. */
    Matcher awaitLine(Pattern pattern, Duration atMost) {
      await()
          .atMost(atMost)
          .failFast(
              () ->
                  assertThat(process.isAlive())
                      .as("the example is running; it printed %s", lines)
                      .isTrue())
          .untilAsserted(() -> assertThat(lines).anyMatch(line -> pattern.matcher(line).matches()));
      return lines.stream()
          .map(pattern::matcher)
          .filter(Matcher::matches)
          .findFirst()
          .orElseThrow();
    }

    @Override
    public void close() {
      // Taken before stopping the parent: once it is gone its children are no longer its own.
      List<ProcessHandle> descendants = process.descendants().toList();
      process.destroy();
      descendants.forEach(ProcessHandle::destroy);
      try {
        await().atMost(PROMPTLY).until(() -> !process.isAlive());
      } catch (ConditionTimeoutException e) {
        process.destroyForcibly();
      }
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
  }
}
