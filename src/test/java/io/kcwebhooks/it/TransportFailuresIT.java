package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.OpenApiSchemas;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Failures without an HTTP answer (a receiver that does not answer in time, a host name that does
 * not resolve, a TLS handshake that fails) are recorded with the documented error and retried until
 * the attempts run out.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class TransportFailuresIT extends SharedServerTest {

  private static final String STORE_PASSWORD = "changeit";

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRecordedAsATimeoutAndRetried() throws Exception {
    Receiver receiver = receivers.start();
    receiver.hang();
    String id = api.create(receiver.url(), null, "access.CLIENT_LOGIN");

    JsonNode delivery = failedDeliveryOfOneEvent(id);

    assertEveryAttemptFailedWith(delivery, "response timeout");
    assertThat(receiver.requests()).hasSize(WebhookServerConfig.ATTEMPTS);
  }

  @Test
  void aHostNameThatDoesNotResolveIsRecordedAsADnsFailureAndRetried() throws Exception {
    // .invalid is reserved (RFC 6761): it resolves nowhere, whatever the machine's DNS.
    String id = api.create("http://no-such-receiver.invalid/hook", null, "access.CLIENT_LOGIN");

    JsonNode delivery = failedDeliveryOfOneEvent(id);

    assertEveryAttemptFailedWith(delivery, "DNS lookup failed: ");
    assertThat(delivery.get("lastError").asText()).contains("no-such-receiver.invalid");
  }

  @Test
  void anUntrustedCertificateIsRecordedAsATlsFailureAndRetried(@TempDir Path dir) throws Exception {
    AtomicInteger handled = new AtomicInteger();
    HttpsServer server = selfSignedServer(dir, handled);
    try {
      String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/hook";
      String id = api.create(url, null, "access.CLIENT_LOGIN");

      JsonNode delivery = failedDeliveryOfOneEvent(id);

      assertEveryAttemptFailedWith(delivery, "TLS failure: ");
      assertThat(handled).as("no request got past the handshake").hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  /** Produces one event and waits until its delivery has ended failed; returns its detail. */
  private JsonNode failedDeliveryOfOneEvent(String webhookId) {
    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> api.deliveries(webhookId, "?status=failed").expect(200).json().size() == 1);
    assertThat(api.deliveries(webhookId, "").expect(200).json()).hasSize(1);
    String deliveryId =
        api.deliveries(webhookId, "?status=failed").expect(200).json().get(0).get("id").asText();
    return api.delivery(webhookId, deliveryId).expect(200).json();
  }

  private static void assertEveryAttemptFailedWith(JsonNode delivery, String errorStart)
      throws Exception {
    OpenApiSchemas openApi =
        new OpenApiSchemas(Json.read(Files.readString(Path.of("docs/openapi.json"))));
    assertThat(
            openApi.problems(delivery, Json.read("{\"$ref\": \"#/components/schemas/Delivery\"}")))
        .as("the failed delivery as docs/openapi.json describes it")
        .isEmpty();
    assertThat(delivery.get("attempts").asInt()).isEqualTo(WebhookServerConfig.ATTEMPTS);
    JsonNode attempts = delivery.get("attemptLog");
    assertThat(attempts).hasSize(WebhookServerConfig.ATTEMPTS);
    for (JsonNode attempt : attempts) {
      assertThat(attempt.has("httpStatus")).as("%s", attempt).isFalse();
      assertThat(attempt.path("error").asText()).as("%s", attempt).startsWith(errorStart);
    }
    assertThat(delivery.get("lastError").asText()).startsWith(errorStart);
  }

  /** An HTTPS server on 127.0.0.1 whose certificate nobody trusts: made just now, self-signed. */
  private static HttpsServer selfSignedServer(Path dir, AtomicInteger handled) throws Exception {
    Path keystore = dir.resolve("self-signed.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                keystore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-alias",
                "receiver",
                "-keyalg",
                "EC",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2")
            .inheritIO()
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, STORE_PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext(
        "/",
        exchange -> {
          handled.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    return server;
  }
}
