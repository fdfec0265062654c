package io.kcwebhooks.subscription;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook's extra headers in one component config value, as a JSON object: component config holds
 * strings, and a header value may hold any character a comma-joined list could not.
 */
final class HeaderValues {

  private static final ObjectMapper JSON = new ObjectMapper();

  private HeaderValues() {}

  static Map<String, String> parse(String stored) {
    if (stored == null || stored.isEmpty()) {
      return Map.of();
    }
    if (KnownValues.isPlaceholder(stored)) {
      throw new IllegalArgumentException(
          "headers are a masked value (such as the ********** of a partial export): set them again");
    }
    try {
      JsonNode root = JSON.readTree(stored);
      if (root == null || !root.isObject()) {
        throw notAnObject();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> header : root.properties()) {
        if (!header.getValue().isTextual()) {
          throw notAnObject();
        }
        headers.put(header.getKey(), header.getValue().textValue());
      }
      return headers;
    } catch (JsonProcessingException e) {
      // The parser's message may quote a value.
      throw notAnObject();
    }
  }

  static String write(Map<String, String> headers) {
    try {
      return JSON.writeValueAsString(headers);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private static IllegalArgumentException notAnObject() {
    return new IllegalArgumentException("headers must be a JSON object of names to strings");
  }
}
