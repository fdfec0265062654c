package io.kcwebhooks.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.subscription.EventCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /realms/{realm}/webhooks/event-types}: every type this Keycloak emits,
 * each pointing to the JSON Schema of its family's envelope, and the schemas themselves.
 */
final class EventTypesView {

  private static final Map<String, Object> CATALOG = build();

  private EventTypesView() {}

  static Map<String, Object> catalog() {
    return CATALOG;
  }

  private static Map<String, Object> build() {
    List<Map<String, Object>> types = new ArrayList<>();
    add(types, EventCatalog.ACCESS, EventCatalog.accessTypes());
    add(types, EventCatalog.ADMIN, EventCatalog.adminTypes());
    add(types, EventCatalog.SYSTEM, EventCatalog.systemTypes());
    Map<String, Object> catalog = new LinkedHashMap<>();
    catalog.put("types", List.copyOf(types));
    catalog.put("schemas", schemas());
    return Map.copyOf(catalog);
  }

  private static void add(List<Map<String, Object>> types, String family, List<String> names) {
    Map<String, String> schema = Map.of("$ref", "#/schemas/" + family);
    for (String name : names) {
      types.add(Map.of("type", name, "family", family, "schema", schema));
    }
  }

  private static JsonNode schemas() {
    try (InputStream in = EventTypesView.class.getResourceAsStream("event-schemas.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("event-schemas.json is missing from the jar", e);
    }
  }
}
