package io.kcwebhooks.it.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The extension's REST API for one realm, as a client would call it. */
public final class WebhooksApi {

  private final Http http;
  private final String realm;
  private final Supplier<String> tokens;

  /** Calls with a fixed token, e.g. of a user whose roles a test checks. */
  public WebhooksApi(Http http, String realm, String token) {
    this(http, realm, () -> token);
  }

  private WebhooksApi(Http http, String realm, Supplier<String> tokens) {
    this.http = http;
    this.realm = realm;
    this.tokens = tokens;
  }

  /** Calls as the master admin, with a token fetched again whenever the last one grows old. */
  public static WebhooksApi asAdmin(Http http, String realm) {
    return new WebhooksApi(http, realm, http::adminToken);
  }

  public String realm() {
    return realm;
  }

  public String path() {
    return "/realms/" + realm + "/webhooks";
  }

  public Http.Response list() {
    return http.get(path(), tokens.get());
  }

  public Http.Response get(String id) {
    return http.get(path() + "/" + id, tokens.get());
  }

  public Http.Response create(String json) {
    return http.post(path(), tokens.get(), json);
  }

  public Http.Response update(String id, String json) {
    return http.put(path() + "/" + id, tokens.get(), json);
  }

  public Http.Response delete(String id) {
    return http.delete(path() + "/" + id, tokens.get());
  }

  public Http.Response deliveries(String webhookId, String query) {
    return http.get(path() + "/" + webhookId + "/deliveries" + query, tokens.get());
  }

  public Http.Response delivery(String webhookId, String deliveryId) {
    return http.get(path() + "/" + webhookId + "/deliveries/" + deliveryId, tokens.get());
  }

  public Http.Response resend(String webhookId, String deliveryId) {
    return http.post(
        path() + "/" + webhookId + "/deliveries/" + deliveryId + "/resend", tokens.get(), "");
  }

  public Http.Response replay(String webhookId, String query) {
    return http.post(path() + "/" + webhookId + "/replay" + query, tokens.get(), "");
  }

  public Http.Response test(String webhookId) {
    return http.post(path() + "/" + webhookId + "/test", tokens.get(), "");
  }

  /**
   * Queues a test ping and returns its delivery's id. A test that used up the realm's budget of
   * pings and resends waits for it to refill, as the 429's Retry-After says.
   */
  public String ping(String webhookId) {
    return withinBudget(() -> test(webhookId)).expect(202).json().get("id").asText();
  }

  /** Pings and returns the delivery once its one attempt is recorded, as the admin page does. */
  public JsonNode pingOutcome(String webhookId) {
    return awaitFinished(webhookId, ping(webhookId));
  }

  /** The delivery's detail once it is no longer pending. */
  public JsonNode awaitFinished(String webhookId, String deliveryId) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = delivery(webhookId, deliveryId).expect(200).json();
              return !last[0].get("status").asText().equals("pending");
            });
    return last[0];
  }

  /** Repeats a call the realm's budget refused with 429 until it is let through. */
  public static Http.Response withinBudget(Supplier<Http.Response> call) {
    Http.Response[] last = new Http.Response[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> (last[0] = call.get()).status() != 429);
    return last[0];
  }

  /** The event types of every delivery the webhook has, newest first. */
  public List<String> deliveredTypes(String webhookId) {
    return deliveries(webhookId, "?max=100").expect(200).json().findValuesAsText("eventType");
  }

  /** Creates a webhook and returns its id, failing the test if the server refuses. */
  public String create(String url, String secret, String... eventTypes) {
    return create(webhook(url, secret, eventTypes)).expect(201).json().get("id").asText();
  }

  public static String webhook(String url, String secret, String... eventTypes) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("enabled", "true");
    body.put("url", url);
    if (secret != null) {
      body.put("secret", secret);
    }
    body.put("eventTypes", List.of(eventTypes));
    return Json.write(body);
  }

  /**
   * Removes every webhook of the realm and checks that none is left, so that a test sharing a realm
   * starts clean whatever the tests before it did.
   */
  public void deleteAll() {
    list().expect(200).json().forEach(webhook -> delete(webhook.get("id").asText()).expect(204));
    if (!list().expect(200).json().isEmpty()) {
      throw new AssertionError("webhooks left after deleting them all: " + list());
    }
  }
}
