package io.kcwebhooks.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON answers against the schemas of an OpenAPI 3.0 document, for the part of the schema
 * language {@code docs/openapi.json} uses: {@code $ref}, {@code type}, {@code properties}, {@code
 * required}, {@code items}, {@code enum}, {@code nullable}, {@code oneOf} and the {@code date-time}
 * format. It is stricter than the standard in one way, on purpose: a property an object schema does
 * not list is reported (unless the schema says {@code additionalProperties: true}), so that the
 * document cannot fall behind what the server sends.
 */
public final class OpenApiSchemas {

  private final JsonNode document;

  public OpenApiSchemas(JsonNode document) {
    this.document = document;
  }

  /** Follows {@code $ref}s inside the document, e.g. {@code #/components/schemas/Webhook}. */
  public JsonNode resolve(JsonNode node) {
    JsonNode resolved = node;
    while (resolved.has("$ref")) {
      String ref = resolved.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("only local references are supported: " + ref);
      }
      resolved = document.at(ref.substring(1));
      if (resolved.isMissingNode()) {
        throw new IllegalArgumentException("dangling reference " + ref);
      }
    }
    return resolved;
  }

  /** Every way the value breaks the schema, as "where: what"; empty when it conforms. */
  public List<String> problems(JsonNode value, JsonNode schema) {
    List<String> problems = new ArrayList<>();
    check(value, schema, "$", problems);
    return problems;
  }

  private void check(JsonNode value, JsonNode schemaOrRef, String where, List<String> problems) {
    JsonNode schema = resolve(schemaOrRef);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        problems.add(where + ": null, but the schema is not nullable");
      }
      return;
    }
    if (schema.has("oneOf")) {
      checkOneOf(value, schema.get("oneOf"), where, problems);
      return;
    }
    String type = schema.path("type").asText(null);
    if (type != null && !hasType(value, type)) {
      problems.add(where + ": expected " + type + " but got " + value);
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (schema.path("format").asText().equals("date-time") && !isDateTime(value.asText())) {
      problems.add(where + ": " + value + " is not an RFC 3339 date-time");
    }
    if (value.isObject()) {
      checkObject(value, schema, where, problems);
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.get("items"), where + "[" + i + "]", problems);
      }
    }
  }

  private void checkOneOf(JsonNode value, JsonNode choices, String where, List<String> problems) {
    int matching = 0;
    for (JsonNode choice : choices) {
      if (problems(value, choice).isEmpty()) {
        matching++;
      }
    }
    if (matching != 1) {
      problems.add(where + ": " + value + " matches " + matching + " of the oneOf schemas, not 1");
    }
  }

  private void checkObject(JsonNode value, JsonNode schema, String where, List<String> problems) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        problems.add(where + ": required property '" + required.asText() + "' is missing");
      }
    }
    JsonNode properties = schema.path("properties");
    boolean othersAllowed = schema.path("additionalProperties").asBoolean(false);
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      String at = where + "." + field.getKey();
      if (properties.has(field.getKey())) {
        check(field.getValue(), properties.get(field.getKey()), at, problems);
      } else if (!othersAllowed) {
        problems.add(at + ": property not documented in the schema");
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }

  private static boolean contains(JsonNode allowed, JsonNode value) {
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDateTime(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
