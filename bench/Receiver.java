import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Webhook receiver for the benchmark, run as its own process so that its CPU never counts as
 * Keycloak's.
 *
 * <p>Usage: {@code java bench/Receiver.java PORT [THREADS]}. Every path except /control/* is a
 * webhook endpoint. Control: {@code POST /control/status/{code}} sets the answer, {@code POST
 * /control/reset} clears the figures, {@code GET /control/stats} returns them as JSON.
 */
public class Receiver {

  private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*(\\d+)");

  private static volatile int answer = 200;
  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong okAnswers = new AtomicLong();
  private static final AtomicLong duplicates = new AtomicLong();
  private static final AtomicLong firstOk = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicLong lastOk = new AtomicLong();
  private static Set<String> delivered = ConcurrentHashMap.newKeySet();
  private static final Samples latencies = new Samples();
  private static final Samples firstReceipts = new Samples();

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    // Headers and body go out in separate writes; with Nagle on, each answer waits for the
    // client's delayed ACK (about 40 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/", Receiver::hook);
    server.createContext("/control/", Receiver::control);
    server.start();
    System.out.println("receiver listening on 127.0.0.1:" + port + " with " + threads + " threads");
  }

  private static void hook(HttpExchange exchange) throws IOException {
    // Taken before reading the body, so that a slow read does not count as Keycloak's latency.
    long receivedAt = System.currentTimeMillis();
    byte[] body = readAll(exchange.getRequestBody());
    int status = answer;
    requests.incrementAndGet();
    if (status == 200) {
      okAnswers.incrementAndGet();
      String id = exchange.getRequestHeaders().getFirst("webhook-id");
      if (id != null) {
        if (delivered.add(id)) {
          firstReceipts.add(receivedAt);
        } else {
          duplicates.incrementAndGet();
        }
      }
      firstOk.accumulateAndGet(receivedAt, Math::min);
      lastOk.accumulateAndGet(receivedAt, Math::max);
      Matcher time = TIME.matcher(new String(body, StandardCharsets.UTF_8));
      if (time.find()) {
        latencies.add(receivedAt - Long.parseLong(time.group(1)));
      }
    }
    respond(exchange, status, status == 200 ? "ok" : "busy");
  }

  private static void control(HttpExchange exchange) throws IOException {
    readAll(exchange.getRequestBody());
    String path = exchange.getRequestURI().getPath();
    if (path.startsWith("/control/status/")) {
      answer = Integer.parseInt(path.substring("/control/status/".length()));
      respond(exchange, 200, "{\"status\":" + answer + "}");
    } else if (path.equals("/control/reset")) {
      reset();
      respond(exchange, 200, "{}");
    } else if (path.equals("/control/stats")) {
      respond(exchange, 200, stats());
    } else {
      respond(exchange, 404, "{}");
    }
  }

  private static synchronized void reset() {
    requests.set(0);
    okAnswers.set(0);
    duplicates.set(0);
    firstOk.set(Long.MAX_VALUE);
    lastOk.set(0);
    delivered = ConcurrentHashMap.newKeySet();
    latencies.clear();
    firstReceipts.clear();
  }

  private static String stats() {
    long[] sorted = latencies.sorted();
    long[] receipts = firstReceipts.sorted();
    long first = firstOk.get();
    return String.format(
        Locale.ROOT,
        "{\"answer\":%d,\"requests\":%d,\"ok\":%d,\"distinctOk\":%d,\"duplicates\":%d,"
            + "\"firstOkMs\":%d,\"lastOkMs\":%d,\"ok99Ms\":%d,\"latencyCount\":%d,"
            + "\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d}",
        answer,
        requests.get(),
        okAnswers.get(),
        delivered.size(),
        duplicates.get(),
        first == Long.MAX_VALUE ? 0 : first,
        lastOk.get(),
        percentile(receipts, 0.99),
        sorted.length,
        percentile(sorted, 0.50),
        percentile(sorted, 0.90),
        percentile(sorted, 0.99),
        sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, rank)];
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A growable array rather than a list of boxed longs: a drain records 100,000 samples. */
  private static final class Samples {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    synchronized void clear() {
      size = 0;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
