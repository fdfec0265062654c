import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Load generator for the benchmark, run as its own process so that its CPU never counts as
 * Keycloak's.
 *
 * <pre>
 *   java bench/Load.java closed  TOKEN_URL CLIENTS SECONDS   as many token requests as C clients can make
 *   java bench/Load.java count   TOKEN_URL CLIENTS TOTAL     exactly TOTAL token requests with C clients
 *   java bench/Load.java open    TOKEN_URL RATE SECONDS      token requests at a fixed rate (open loop)
 *   java bench/Load.java ceiling HOOK_URL CLIENTS SECONDS    webhook-like POSTs straight to a receiver
 * </pre>
 *
 * Token requests use the client credentials grant of BENCH_CLIENT / BENCH_SECRET (default bench /
 * bench-secret). It prints one line of key=value figures.
 */
public class Load {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final AtomicLong ok = new AtomicLong();
  private static final AtomicLong errors = new AtomicLong();
  private static final Samples latencies = new Samples();

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    URI uri = URI.create(args[1]);
    double arg = Double.parseDouble(args[2]);
    double limit = Double.parseDouble(args[3]);
    long start = System.nanoTime();
    switch (mode) {
      case "closed" -> closed(() -> tokenRequest(uri), (int) arg, deadline(start, limit), null);
      case "count" ->
          closed(() -> tokenRequest(uri), (int) arg, Long.MAX_VALUE, new AtomicInteger((int) limit));
      case "open" -> open(() -> tokenRequest(uri), arg, limit);
      case "ceiling" -> closed(() -> hookRequest(uri), (int) arg, deadline(start, limit), null);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = latencies.sorted();
    System.out.printf(
        Locale.ROOT,
        "requests=%d errors=%d seconds=%.2f rps=%.1f p50ms=%.2f p99ms=%.1f%n",
        ok.get(),
        errors.get(),
        seconds,
        ok.get() / seconds,
        percentile(sorted, 0.50) / 1e6,
        percentile(sorted, 0.99) / 1e6);
  }

  private static long deadline(long start, double seconds) {
    return start + (long) (seconds * 1e9);
  }

  private static HttpRequest tokenRequest(URI uri) {
    String client = System.getenv().getOrDefault("BENCH_CLIENT", "bench");
    String secret = System.getenv().getOrDefault("BENCH_SECRET", "bench-secret");
    String form = "grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret;
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  /** Shaped like a delivery, so that the receiver does the same work as for Keycloak's. */
  private static HttpRequest hookRequest(URI uri) {
    String id = UUID.randomUUID().toString();
    String body =
        "{\"uid\":\"" + id + "\",\"time\":" + System.currentTimeMillis() + ",\"type\":\"bench\"}";
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("webhook-id", id)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static void closed(
      RequestFactory requests, int clients, long deadline, AtomicInteger remaining)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread thread =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline
                    && (remaining == null || remaining.getAndDecrement() > 0)) {
                  long sent = System.nanoTime();
                  try {
                    HttpResponse<Void> response =
                        CLIENT.send(requests.next(), HttpResponse.BodyHandlers.discarding());
                    record(response.statusCode(), sent);
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /**
   * Sends on a fixed schedule whatever the answers do, so that a slow server shows as latency
   * instead of as a lower rate (no coordinated omission).
   */
  private static void open(RequestFactory requests, double rate, double seconds) throws Exception {
    long total = (long) (rate * seconds);
    long start = System.nanoTime();
    List<CompletableFuture<?>> pending = new ArrayList<>();
    for (long i = 0; i < total; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      pending.add(
          CLIENT
              .sendAsync(requests.next(), HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (response, failure) -> {
                    if (failure != null) {
                      errors.incrementAndGet();
                    } else {
                      record(response.statusCode(), due);
                    }
                  }));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(failure -> null)
        .get(60, TimeUnit.SECONDS);
  }

  private static void record(int status, long sentNanos) {
    if (status == 200) {
      ok.incrementAndGet();
      latencies.add(System.nanoTime() - sentNanos);
    } else {
      errors.incrementAndGet();
    }
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private interface RequestFactory {
    HttpRequest next();
  }

  private static final class Samples {
    private long[] values = new long[1 << 16];
    private int size;

    synchronized void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    synchronized long[] sorted() {
      long[] copy = Arrays.copyOf(values, size);
      Arrays.sort(copy);
      return copy;
    }
  }
}
