package io.kcwebhooks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook object as a client sent it, read field by field so that every mistake gets a message
 * that names the field. {@code id}, {@code createdBy} and {@code createdAt} are ignored, as the
 * spec says; other unknown fields are ignored too, so that clients may send back what they read.
 */
record WebhookRequest(
    Boolean enabled,
    String url,
    String secret,
    List<String> eventTypes,
    List<String> clients,
    List<String> excludeClients,
    List<String> excludeUsers,
    Boolean includeRepresentation,
    Integer maxRequestsPerSecond,
    Boolean bearerToken,
    Map<String, String> headers,
    String alertEmail) {

  static final int MAX_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Says whether a secret came and which headers, never their values. */
  @Override
  public String toString() {
    return "WebhookRequest[url="
        + url
        + ", secret="
        + (secret == null ? "absent" : "(hidden)")
        + ", eventTypes="
        + eventTypes
        + ", headers="
        + (headers == null ? "absent" : headers.keySet() + " (values hidden)")
        + "]";
  }

  static WebhookRequest read(InputStream body) {
    JsonNode root = parse(readBounded(body));
    if (!root.isObject()) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    return new WebhookRequest(
        bool(root.get("enabled"), "enabled"),
        text(root.get("url"), "url"),
        text(root.get("secret"), "secret"),
        strings(root.get("eventTypes"), "eventTypes"),
        strings(root.get("clients"), "clients"),
        strings(root.get("excludeClients"), "excludeClients"),
        strings(root.get("excludeUsers"), "excludeUsers"),
        bool(root.get("includeRepresentation"), "includeRepresentation"),
        count(root.get("maxRequestsPerSecond"), "maxRequestsPerSecond"),
        bool(root.get("bearerToken"), "bearerToken"),
        headers(root.get("headers")),
        text(root.get("alertEmail"), "alertEmail"));
  }

  private static byte[] readBounded(InputStream body) {
    if (body == null) {
      throw ApiError.badRequest("a JSON body is required");
    }
    try {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw ApiError.badRequest("the body must be at most " + MAX_BODY_BYTES + " bytes");
      }
      if (bytes.length == 0) {
        throw ApiError.badRequest("a JSON body is required");
      }
      return bytes;
    } catch (IOException e) {
      throw ApiError.badRequest("the body could not be read");
    }
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest("the body is not valid JSON");
    }
  }

  /** The spec writes {@code "enabled": "true"}; JSON booleans are accepted as well. */
  private static Boolean bool(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      String value = node.textValue().trim().toLowerCase(Locale.ROOT);
      if (value.equals("true") || value.equals("false")) {
        return Boolean.valueOf(value);
      }
    }
    throw ApiError.badRequest(field + " must be true or false");
  }

  private static String text(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiError.badRequest(field + " must be a string");
    }
    return node.textValue();
  }

  private static Integer count(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
      throw ApiError.badRequest(field + " must be a whole number, 0 or more");
    }
    return node.intValue();
  }

  /** Names are kept as sent; two that differ only in case are one header, so they are refused. */
  private static Map<String, String> headers(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiError.badRequest("headers must be an object of header names to string values");
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, JsonNode> header : node.properties()) {
      if (!header.getValue().isTextual()) {
        throw ApiError.badRequest("headers: the value of " + header.getKey() + " must be a string");
      }
      if (headers.put(header.getKey(), header.getValue().textValue()) != null) {
        throw ApiError.badRequest("headers: " + header.getKey() + " is given twice");
      }
    }
    return headers;
  }

  private static List<String> strings(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw ApiError.badRequest(field + " must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode item : node) {
      if (item.getNodeType() != JsonNodeType.STRING) {
        throw ApiError.badRequest(field + " must be an array of strings");
      }
      values.add(item.textValue());
    }
    return values;
  }
}
