import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook receiver for the Keycloak webhooks extension.
 *
 * <p>Run: {@code PORT=8000 WEBHOOK_SECRET=... java -cp standardwebhooks-1.1.1.jar Receiver.java}
 */
public class Receiver {

  private static final List<String> SIGNED_HEADERS =
      List.of("webhook-id", "webhook-timestamp", "webhook-signature");

  // A real receiver would read the body with its JSON library; a pattern keeps this file
  // dependency-free. The top-level "type" is written before any nested object, so the first
  // match is the right one.
  private static final Pattern TYPE = Pattern.compile("\"type\"\\s*:\\s*\"([^\"\\\\]*)\"");

  // In memory for the demo only: it forgets on restart. Use a durable store in production.
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8000"));
    String secret = System.getenv("WEBHOOK_SECRET");
    if (secret == null || secret.isEmpty()) {
      System.err.println("WEBHOOK_SECRET is not set");
      System.exit(2);
    }
    // The extension signs with the decoded key for a whsec_ secret, and with the secret's own
    // bytes otherwise; the library needs to be told which one it is.
    Webhook webhook =
        secret.startsWith("whsec_")
            ? new Webhook(secret)
            : new Webhook(secret.getBytes(StandardCharsets.UTF_8));

    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/", exchange -> handle(exchange, webhook));
    // The default runs every request on one thread; a pool keeps one slow client from
    // holding up the others.
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    log("listening " + port);
  }

  private static void handle(HttpExchange exchange, Webhook webhook) throws IOException {
    try (exchange) {
      // The signature covers the exact bytes sent, so verify before any parsing.
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      // The JDK capitalises header names (Webhook-id); give the library the lower-case ones.
      Map<String, List<String>> headers = new HashMap<>();
      for (String name : SIGNED_HEADERS) {
        List<String> values = exchange.getRequestHeaders().get(name);
        if (values != null) {
          headers.put(name, values);
        }
      }
      try {
        webhook.verify(body, headers);
      } catch (WebhookVerificationException e) {
        log("rejected " + e.getMessage());
        exchange.sendResponseHeaders(401, -1);
        return;
      }

      // Retries and resends reuse the webhook-id, so a repeat must be acknowledged, not redone.
      String id = headers.get("webhook-id").get(0);
      if (SEEN.add(id)) {
        Matcher type = TYPE.matcher(body);
        log("verified " + id + " " + (type.find() ? type.group(1) : "?"));
      } else {
        log("duplicate " + id);
      }
      exchange.sendResponseHeaders(204, -1);
    }
  }

  private static void log(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
