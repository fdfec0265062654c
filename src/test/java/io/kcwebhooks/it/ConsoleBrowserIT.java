package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Npm;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receiver.Received;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * The webhooks admin page in headless Chromium: {@code e2e/console.e2e.mjs} signs in as the admin,
 * creates, tests, disables, enables, edits and deletes a webhook, finds and resends a delivery, and
 * sees a view-only user refused a change, and that crafted addresses are refused without a request
 * and that the page's Content-Security-Policy blocks nothing it does; this test then checks that
 * the receiver really got what the page said was sent. The script saves its screenshots to {@code
 * target/console-screenshots}.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class ConsoleBrowserIT extends SharedServerTest {

  private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration SCRIPT = Duration.ofMinutes(4);
  private static final Pattern RESENT = Pattern.compile("^resent (\\S+)$", Pattern.MULTILINE);
  private static final String SECRET = "console-test-secret";

  @Test
  void anAdminManagesAWebhookAndResendsADeliveryInTheBrowser() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's chromium package, which ./test.sh installs, for the browser tests")
        .exists();
    Npm.install(PROJECT.resolve("e2e"), "playwright-core");
    Receiver receiver = receivers.start();

    String output = runScript(receiver.url());

    Matcher resent = RESENT.matcher(output);
    assertThat(resent.find()).as("the script's output:%n%s", output).isTrue();
    String deliveryId = resent.group(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> receiver.requests(r -> deliveryId.equals(r.webhookId())).size() == 2);
    List<Received> copies = receiver.requests(r -> deliveryId.equals(r.webhookId()));
    assertThat(copies).extracting(Received::type).containsOnly("access.CLIENT_LOGIN");
    assertThat(copies.get(1).body()).isEqualTo(copies.get(0).body());
    Webhook verifier = new Webhook(SECRET.getBytes(StandardCharsets.UTF_8));
    for (Received copy : copies) {
      verifier.verify(copy.body(), copy.headers().map());
    }
    assertThat(receiver.requests(r -> "system.PING".equals(r.type()))).hasSize(1);
    assertThat(api.list().json()).as("deleted through the page").isEmpty();
  }

  @Test
  void thePageAndItsOwnFilesAreServedAndNothingElse() throws IOException {
    String base = "/realms/" + realm.getName() + "/webhooks-console/";

    Http.Response page = http.get(base, null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("data-realm=\"" + realm.getName() + "\"");
    for (String script : scripts()) {
      Http.Response module = http.get(base + script, null);
      assertThat(module.status()).as(script).isEqualTo(200);
      assertThat(module.contentType()).as(script).startsWith("text/javascript");
    }
    assertThat(http.get(base + "console.css", null).contentType()).startsWith("text/css");
    for (String other : List.of("index.html", "..%2F..%2FMETA-INF%2FMANIFEST.MF", "Html.class")) {
      assertThat(http.get(base + other, null).status()).as(other).isEqualTo(404);
    }
  }

  @Test
  void everyAnswerCarriesThePagesOwnPolicyInPlaceOfTheRealms() throws Exception {
    String base = urls.getBase() + "/realms/" + realm.getName() + "/webhooks-console/";
    List<String> ownScripts = scripts().stream().map(base::concat).toList();
    HttpClient client = HttpClient.newHttpClient();
    for (String path : List.of("", "console.js", "signin.js", "console.css", "index.html")) {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create(base + path)).build(),
              HttpResponse.BodyHandlers.discarding());
      HttpHeaders headers = response.headers();
      assertThat(response.statusCode()).as(path).isEqualTo(path.equals("index.html") ? 404 : 200);
      List<String> policies = headers.allValues("Content-Security-Policy");
      assertThat(policies).as("%s: one policy, the page's", path).hasSize(1);
      assertThat(policies.get(0))
          .as(path)
          .startsWith("default-src 'none';")
          .contains("; frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(directive(policies.get(0), "script-src"))
          .as("%s: the page's own scripts, each by name", path)
          .containsExactlyInAnyOrderElementsOf(ownScripts);
      assertThat(headers.firstValue("X-Frame-Options")).as(path).hasValue("DENY");
      assertThat(headers.firstValue("X-Content-Type-Options"))
          .as("%s: the realm's other headers stay", path)
          .hasValue("nosniff");
    }
  }

  /** The page's script modules, as the project holds them. */
  private static List<String> scripts() throws IOException {
    try (Stream<Path> files = Files.list(PROJECT.resolve("src/main/resources/webhooks-console"))) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".js"))
          .toList();
    }
  }

  private static List<String> directive(String policy, String name) {
    return Arrays.stream(policy.split("; "))
        .filter(directive -> directive.startsWith(name + " "))
        .flatMap(directive -> Arrays.stream(directive.split(" ")).skip(1))
        .toList();
  }

  private String runScript(String receiverUrl) throws IOException {
    Path screenshots = PROJECT.resolve("target/console-screenshots");
    Files.createDirectories(screenshots);
    Path log = Files.createTempFile("console-e2e", ".log");
    ProcessBuilder builder =
        new ProcessBuilder("node", "console.e2e.mjs")
            .directory(PROJECT.resolve("e2e").toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("KC_URL", urls.getBase());
    env.put("ADMIN_USER", "admin");
    env.put("ADMIN_PASSWORD", "admin");
    env.put("REALM", realm.getName());
    env.put("VIEWER_USER", "viewer");
    env.put("VIEWER_PASSWORD", TestRealm.PASSWORD);
    env.put("CLIENT_ID", TestRealm.CLIENT);
    env.put("CLIENT_SECRET", TestRealm.CLIENT_SECRET);
    env.put("RECEIVER_URL", receiverUrl);
    env.put("SECRET", SECRET);
    env.put("SCREENSHOTS", screenshots.toString());
    env.put("CHROMIUM", CHROMIUM.toString());
    Process script = builder.start();
    try {
      await().atMost(SCRIPT).until(() -> !script.isAlive());
    } finally {
      script.descendants().forEach(ProcessHandle::destroyForcibly);
      script.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(script.exitValue()).as("the browser script's output:%n%s", output).isZero();
    return output;
  }
}
