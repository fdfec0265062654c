package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.HttpHostConnectException;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Sends one signed POST and reports what happened. It owns its own connection pool (Keycloak's
 * shared client cannot take a vetting DNS resolver), never follows redirects, and never touches the
 * database.
 */
final class Sender implements Closeable {

  static final int RESPONSE_EXCERPT_BYTES = 1024;
  private static final String USER_AGENT = "keycloak-webhooks";

  private final CloseableHttpClient client;
  private final Clock clock;

  Sender(DeliverySettings settings, Clock clock) {
    this.clock = clock;
    PoolingHttpClientConnectionManager connections =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSystemSocketFactory())
                .build(),
            null,
            null,
            new VettingDnsResolver(settings.addressRules()),
            60,
            TimeUnit.SECONDS);
    connections.setMaxTotal(settings.workers());
    connections.setDefaultMaxPerRoute(settings.maxConcurrencyPerWebhook());
    int connectMillis = (int) settings.connectTimeout().toMillis();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connectMillis)
                    .setConnectionRequestTimeout(connectMillis)
                    .setSocketTimeout((int) settings.responseTimeout().toMillis())
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableAutomaticRetries()
            .setUserAgent(USER_AGENT)
            .build();
  }

  SendResult send(Endpoint endpoint, ClaimedDelivery delivery) {
    long started = clock.millis();
    HttpPost post = signedRequest(endpoint, delivery, started / 1000);
    try (CloseableHttpResponse response = client.execute(post)) {
      int status = response.getStatusLine().getStatusCode();
      AttemptOutcome outcome =
          new AttemptOutcome(
              started, clock.millis() - started, status, null, excerpt(response.getEntity()));
      return new SendResult(outcome, retryAfter(response, status));
    } catch (IOException e) {
      AttemptOutcome outcome =
          new AttemptOutcome(started, clock.millis() - started, null, describe(e), null);
      return new SendResult(outcome, null);
    }
  }

  private static HttpPost signedRequest(Endpoint endpoint, ClaimedDelivery delivery, long seconds) {
    HttpPost post = new HttpPost(endpoint.url());
    byte[] body = delivery.body();
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    post.setHeader("webhook-id", delivery.id());
    post.setHeader("webhook-timestamp", Long.toString(seconds));
    String secret = endpoint.secret();
    if (secret != null && !secret.isEmpty()) {
      post.setHeader("X-Keycloak-Signature", Signatures.keycloakSignature(secret, body));
      post.setHeader(
          "webhook-signature",
          Signatures.standardWebhooksSignature(
              Signatures.standardWebhooksKey(secret), delivery.id(), seconds, body));
    }
    return post;
  }

  /** Reads at most the first bytes of the answer; a receiver cannot make us buffer more. */
  private static String excerpt(HttpEntity entity) throws IOException {
    if (entity == null) {
      return null;
    }
    try (InputStream in = entity.getContent()) {
      byte[] bytes = in.readNBytes(RESPONSE_EXCERPT_BYTES);
      return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private Duration retryAfter(CloseableHttpResponse response, int status) {
    if (status != 429 && status != 503) {
      return null;
    }
    Header header = response.getFirstHeader("Retry-After");
    return header == null ? null : RetryAfter.parse(header.getValue(), clock.instant());
  }

  static String describe(IOException e) {
    if (e instanceof VettingDnsResolver.RefusedAddressException) {
      return "refused target: " + e.getMessage();
    }
    if (e instanceof UnknownHostException) {
      return "DNS lookup failed: " + e.getMessage();
    }
    if (e instanceof ConnectTimeoutException) {
      return "connect timeout";
    }
    if (e instanceof HttpHostConnectException) {
      return "connection refused";
    }
    if (e instanceof SocketTimeoutException) {
      return "response timeout";
    }
    if (e instanceof SSLException) {
      return "TLS failure: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
