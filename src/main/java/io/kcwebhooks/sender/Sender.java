package io.kcwebhooks.sender;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.vetting.AddressRules;
import io.kcwebhooks.vetting.VettingDnsResolver;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.MessageConstraintException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
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
 *
 * <p>A receiver is not trusted to behave: every exchange ends by the attempt timeout, the status
 * line and headers it may send are bounded, and of the body only the first bytes are read.
 */
public final class Sender implements Closeable {

  static final int RESPONSE_EXCERPT_BYTES = 1024;

  /** Longest status or header line accepted; a longer one fails the attempt. */
  static final int MAX_LINE_LENGTH = 8 * 1024;

  /** Most header fields accepted in one answer; more fail the attempt. */
  static final int MAX_HEADER_COUNT = 100;

  private static final String USER_AGENT = "keycloak-webhooks";

  private final CloseableHttpClient client;
  private final Clock clock;
  private final Duration attemptTimeout;
  private final ScheduledThreadPoolExecutor deadlines;

  /**
   * @param attemptTimeout how long a whole exchange may take, from connecting to the last byte read
   * @param maxConnections the most connections open at once, to all receivers together
   * @param addressRules which addresses a receiver's host may resolve to
   * @param deadlineThread makes the one thread that aborts overdue requests
   */
  public Sender(
      Duration connectTimeout,
      Duration responseTimeout,
      Duration attemptTimeout,
      int maxConnections,
      AddressRules addressRules,
      ThreadFactory deadlineThread,
      Clock clock) {
    this.clock = clock;
    this.attemptTimeout = attemptTimeout;
    this.deadlines = deadlineTimer(deadlineThread);
    PoolingHttpClientConnectionManager connections =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", SSLConnectionSocketFactory.getSystemSocketFactory())
                .build(),
            null,
            null,
            new VettingDnsResolver(addressRules),
            60,
            TimeUnit.SECONDS);
    connections.setMaxTotal(maxConnections);
    // The dispatcher caps concurrency per webhook; a cap per host:port would instead make webhooks
    // of different realms on one host wait for each other's connections.
    connections.setDefaultMaxPerRoute(maxConnections);
    connections.setDefaultConnectionConfig(
        ConnectionConfig.custom()
            .setMessageConstraints(
                MessageConstraints.custom()
                    .setMaxLineLength(MAX_LINE_LENGTH)
                    .setMaxHeaderCount(MAX_HEADER_COUNT)
                    .build())
            .build());
    int connectMillis = (int) connectTimeout.toMillis();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connectMillis)
                    .setConnectionRequestTimeout(connectMillis)
                    .setSocketTimeout((int) responseTimeout.toMillis())
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableAutomaticRetries()
            .setUserAgent(USER_AGENT)
            .build();
  }

  /** One thread aborts overdue requests; a cancelled deadline leaves its queue at once. */
  private static ScheduledThreadPoolExecutor deadlineTimer(ThreadFactory thread) {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, thread);
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  /**
   * @param attemptHeaders headers made for this attempt alone, such as a bearer token
   */
  public SendResult send(
      Endpoint endpoint, ClaimedDelivery delivery, Map<String, String> attemptHeaders) {
    long started = clock.millis();
    HttpPost post = signedRequest(endpoint, delivery, started, attemptHeaders);
    Deadline deadline = new Deadline(post);
    try (CloseableHttpResponse response = client.execute(post)) {
      int status = response.getStatusLine().getStatusCode();
      String excerpt = excerpt(response.getEntity(), post);
      AttemptOutcome outcome =
          new AttemptOutcome(started, clock.millis() - started, status, null, excerpt);
      return new SendResult(outcome, retryAfter(response, status));
    } catch (IOException e) {
      String error = deadline.passed() ? "attempt timed out after " + timeout() : describe(e);
      AttemptOutcome outcome =
          new AttemptOutcome(started, clock.millis() - started, null, error, null);
      return new SendResult(outcome, null);
    } finally {
      deadline.cancel();
    }
  }

  /** Aborts the request, whatever it is waiting for, when the attempt timeout has passed. */
  private final class Deadline {
    private final AtomicBoolean passed = new AtomicBoolean();
    private final ScheduledFuture<?> abort;

    Deadline(HttpPost post) {
      abort =
          deadlines.schedule(
              () -> {
                passed.set(true);
                post.abort();
              },
              attemptTimeout.toMillis(),
              TimeUnit.MILLISECONDS);
    }

    boolean passed() {
      return passed.get();
    }

    void cancel() {
      abort.cancel(false);
    }
  }

  private String timeout() {
    long millis = attemptTimeout.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static HttpPost signedRequest(
      Endpoint endpoint,
      ClaimedDelivery delivery,
      long startedMillis,
      Map<String, String> attemptHeaders) {
    long seconds = startedMillis / 1000;
    HttpPost post = new HttpPost(endpoint.url());
    byte[] body = delivery.body();
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    endpoint.options().headers().forEach(post::setHeader);
    post.setHeader("webhook-id", delivery.id());
    post.setHeader("webhook-timestamp", Long.toString(seconds));
    List<String> secrets = endpoint.secrets().signingAt(startedMillis);
    if (!secrets.isEmpty()) {
      post.setHeader("X-Keycloak-Signature", Signatures.keycloakSignature(secrets.get(0), body));
      post.setHeader(
          "webhook-signature",
          Signatures.standardWebhooksSignatures(secrets, delivery.id(), seconds, body));
    }
    attemptHeaders.forEach(post::setHeader);
    return post;
  }

  /**
   * Reads at most the first bytes of the answer. Closing the entity's stream would read the rest of
   * the body, however long, to reuse the connection; an unfinished body aborts the connection
   * instead. Whatever arrived before the attempt timeout stops the reading is kept.
   */
  private static String excerpt(HttpEntity entity, HttpPost post) throws IOException {
    if (entity == null) {
      return null;
    }
    byte[] buffer = new byte[RESPONSE_EXCERPT_BYTES + 1];
    int read = 0;
    InputStream in = entity.getContent();
    try {
      int n;
      while (read < buffer.length && (n = in.read(buffer, read, buffer.length - read)) != -1) {
        read += n;
      }
    } catch (IOException e) {
      post.abort();
      return text(buffer, read);
    }
    if (read > RESPONSE_EXCERPT_BYTES) {
      post.abort();
      return text(buffer, RESPONSE_EXCERPT_BYTES);
    }
    in.close();
    return text(buffer, read);
  }

  private static String text(byte[] bytes, int length) {
    return length == 0 ? null : new String(bytes, 0, length, StandardCharsets.UTF_8);
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
    if (e instanceof MessageConstraintException) {
      return "answer refused: " + e.getMessage();
    }
    if (e instanceof SSLException) {
      return "TLS failure: " + e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public void close() throws IOException {
    deadlines.shutdownNow();
    client.close();
  }
}
