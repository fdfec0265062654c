package io.kcwebhooks.it.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The extension's REST API for one realm, as a client would call it. */
public final class WebhooksApi {

  private final Http http;
  private final String realm;
  private final String token;

  public WebhooksApi(Http http, String realm, String token) {
    this.http = http;
    this.realm = realm;
    this.token = token;
  }

  public String path() {
    return "/realms/" + realm + "/webhooks";
  }

  public Http.Response list() {
    return http.get(path(), token);
  }

  public Http.Response get(String id) {
    return http.get(path() + "/" + id, token);
  }

  public Http.Response create(String json) {
    return http.post(path(), token, json);
  }

  public Http.Response update(String id, String json) {
    return http.put(path() + "/" + id, token, json);
  }

  public Http.Response delete(String id) {
    return http.delete(path() + "/" + id, token);
  }

  public Http.Response deliveries(String webhookId, String query) {
    return http.get(path() + "/" + webhookId + "/deliveries" + query, token);
  }

  public Http.Response delivery(String webhookId, String deliveryId) {
    return http.get(path() + "/" + webhookId + "/deliveries/" + deliveryId, token);
  }

  public Http.Response resend(String webhookId, String deliveryId) {
    return http.post(path() + "/" + webhookId + "/deliveries/" + deliveryId + "/resend", token, "");
  }

  public Http.Response replay(String webhookId, String query) {
    return http.post(path() + "/" + webhookId + "/replay" + query, token, "");
  }

  public Http.Response test(String webhookId) {
    return http.post(path() + "/" + webhookId + "/test", token, "");
  }

  /** The event types of every delivery the webhook has, newest first. */
  public List<String> deliveredTypes(String webhookId) {
    return deliveries(webhookId, "?max=100").json().findValuesAsText("eventType");
  }

  /** Creates a webhook and returns its id, failing the test if the server refuses. */
  public String create(String url, String secret, String... eventTypes) {
    Http.Response response = create(webhook(url, secret, eventTypes));
    if (response.status() != 201) {
      throw new AssertionError("creating a webhook failed: " + response);
    }
    return response.json().get("id").asText();
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

  /** Removes every webhook of the realm, so tests sharing a realm start clean. */
  public void deleteAll() {
    list().json().forEach(webhook -> delete(webhook.get("id").asText()));
  }
}
