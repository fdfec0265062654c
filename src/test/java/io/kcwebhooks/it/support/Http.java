package io.kcwebhooks.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain HTTP client for the extension's API and Keycloak's token endpoint. */
public final class Http {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Admin tokens of admin-cli live 60 s; one is reused for at most this long. */
  private static final long ADMIN_TOKEN_REUSE_MILLIS = 20_000;

  private final String baseUrl;
  private String adminToken;
  private long adminTokenFetchedAt;

  /**
   * @param baseUrl Keycloak's base URL, e.g. {@code http://localhost:8080}
   */
  public Http(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  public String token(String realm, String clientId, String username, String password) {
    return tokenRequest(
        realm,
        Map.of(
            "grant_type", "password",
            "client_id", clientId,
            "username", username,
            "password", password));
  }

  /** A password login through the test realm's confidential client: an access.LOGIN event. */
  public String userToken(String realm, String username, String password) {
    return tokenRequest(
        realm,
        Map.of(
            "grant_type",
            "password",
            "client_id",
            TestRealm.CLIENT,
            "client_secret",
            TestRealm.CLIENT_SECRET,
            "username",
            username,
            "password",
            password));
  }

  public String clientToken(String realm, String clientId, String secret) {
    return clientToken(realm, clientId, secret, Map.of());
  }

  /** A client credentials grant sent with extra headers, such as a {@code traceparent}. */
  public String clientToken(
      String realm, String clientId, String secret, Map<String, String> headers) {
    return tokenRequest(
        realm,
        Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret),
        headers);
  }

  /**
   * A master admin token that is still fresh: fetched again once it is older than {@link
   * #ADMIN_TOKEN_REUSE_MILLIS}, so that a slow test never calls with an expired one.
   */
  public synchronized String adminToken() {
    long now = System.currentTimeMillis();
    if (adminToken == null || now - adminTokenFetchedAt > ADMIN_TOKEN_REUSE_MILLIS) {
      adminToken = token("master", "admin-cli", "admin", "admin");
      adminTokenFetchedAt = now;
    }
    return adminToken;
  }

  private String tokenRequest(String realm, Map<String, String> form) {
    return tokenRequest(realm, form, Map.of());
  }

  private String tokenRequest(String realm, Map<String, String> form, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form)));
    headers.forEach(request::header);
    Response response = send(request);
    if (response.status() != 200) {
      throw new IllegalStateException("token request failed: " + response);
    }
    return response.json().get("access_token").asText();
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, String token, String body) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A form post without a token, as OAuth clients send to the token endpoints. */
  public Response postForm(String path, Map<String, String> values) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(values))));
  }

  public Response put(String path, String token, String body) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
          response.statusCode(),
          response.body(),
          response.headers().firstValue("Location").orElse(null),
          response.headers().firstValue("Content-Type").orElse(""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public record Response(int status, String body, String location, String contentType) {
    public JsonNode json() {
      return Json.read(body);
    }

    /** Fails the test unless the call answered this status; returns the response for chaining. */
    public Response expect(int expected) {
      if (status != expected) {
        throw new AssertionError("expected HTTP " + expected + " but got " + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }
}
