package io.kcwebhooks.it.support;

import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A real HTTP receiver on loopback that records every request and answers a chosen status. */
public final class Receiver implements AutoCloseable {

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private volatile Map<String, String> extraHeaders = Map.of();
  private volatile CountDownLatch hang = new CountDownLatch(0);
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

  private Receiver(String host) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/", this::handle);
    server.start();
  }

  public static Receiver start() throws IOException {
    return new Receiver("127.0.0.1");
  }

  public static Receiver startOn(String host) throws IOException {
    return new Receiver(host);
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void answer(int code) {
    answer(code, Map.of());
  }

  public void answer(int code, Map<String, String> headers) {
    extraHeaders = headers;
    status.set(code);
  }

  /** Answers the next requests with these codes, one each, then the default again. */
  public void answerNext(int... codes) {
    for (int code : codes) {
      script.add(code);
    }
  }

  /** Holds every request open until {@link #release()}. */
  public void hang() {
    hang = new CountDownLatch(1);
  }

  public void release() {
    hang.countDown();
  }

  public List<Received> requests() {
    return List.copyOf(received);
  }

  public List<Received> requests(Predicate<Received> filter) {
    return received.stream().filter(filter).toList();
  }

  public void clear() {
    received.clear();
  }

  /**
   * Waits until at least {@code atLeast} requests match, then until their number has stayed the
   * same for {@code quiet}, and returns them: a count that means something only once nothing more
   * is on its way, e.g. for "exactly once".
   */
  public List<Received> awaitSettled(
      Predicate<Received> filter, int atLeast, Duration quiet, Duration atMost) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> requests(filter).size() >= atLeast);
    AtomicInteger lastCount = new AtomicInteger(-1);
    await()
        .atMost(atMost.plus(quiet))
        .pollInterval(Duration.ofMillis(250))
        .during(quiet)
        .until(
            () -> {
              int count = requests(filter).size();
              return lastCount.getAndSet(count) == count;
            });
    return requests(filter);
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    Integer scripted = script.poll();
    int code = scripted != null ? scripted : status.get();
    received.add(
        new Received(
            System.currentTimeMillis(),
            HttpHeaders.of(headers, (a, b) -> true),
            new String(body, StandardCharsets.UTF_8),
            code));
    try {
      hang.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    extraHeaders.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    exchange.sendResponseHeaders(code, -1);
    exchange.close();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }

  /** One request as it arrived, with the status it was answered. */
  public record Received(long at, HttpHeaders headers, String body, int answeredWith) {
    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    public String webhookId() {
      return header("webhook-id");
    }

    public String type() {
      return Json.read(body).path("type").asText();
    }
  }
}
