package io.kcwebhooks.subscription;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

/**
 * Every event type this Keycloak can emit, under the names webhooks use, and what that says about
 * an expression: whether it can ever match, and whether it matches only types outside the catalog.
 *
 * <p>User event types are a closed set, so an access expression that matches none of them is a
 * mistake. Admin resource types are open: other extensions record admin events with resource types
 * of their own, so an admin expression naming an unknown resource type is kept, but reported.
 */
public final class EventCatalog {

  public static final String ACCESS = "access";
  public static final String ADMIN = "admin";
  public static final String SYSTEM = "system";

  /** Sent by the test endpoint, whatever the webhook's event types. */
  public static final String PING = "system.PING";

  /** Sent to webhooks that name it when the server turns a webhook of their realm off. */
  public static final String WEBHOOK_DISABLED = "system.WEBHOOK_DISABLED";

  private static final int SUGGESTIONS = 3;

  private static final List<String> ACCESS_TYPES =
      Stream.of(EventType.values()).map(type -> accessType(type.name())).toList();
  private static final List<String> ADMIN_TYPES =
      Stream.of(ResourceType.values())
          .flatMap(
              resource ->
                  Stream.of(OperationType.values())
                      .map(operation -> adminType(resource.name(), operation.name())))
          .toList();
  private static final List<String> SYSTEM_TYPES = List.of(PING, WEBHOOK_DISABLED);

  private EventCatalog() {}

  public static String accessType(String eventType) {
    return ACCESS + "." + eventType;
  }

  public static String adminType(String resourceType, String operationType) {
    return ADMIN + "." + resourceType + "-" + operationType;
  }

  public static List<String> accessTypes() {
    return ACCESS_TYPES;
  }

  public static List<String> adminTypes() {
    return ADMIN_TYPES;
  }

  public static List<String> systemTypes() {
    return SYSTEM_TYPES;
  }

  /**
   * Returns null when every expression can match some event, else a message naming the first that
   * cannot, with the closest known types. Expects expressions that {@link EventTypeFilter} accepts.
   */
  public static String problemWith(List<String> expressions) {
    for (int i = 0; i < expressions.size(); i++) {
      String expression = expressions.get(i);
      if (!canEverMatch(expression)) {
        return "eventTypes["
            + i
            + "] '"
            + expression
            + "' matches no event type this Keycloak emits; closest: "
            + String.join(", ", closest(expression));
      }
    }
    return null;
  }

  /** The expressions that match no type in the catalog: only other extensions' types can. */
  public static List<String> unknown(List<String> expressions) {
    List<String> unknown = new ArrayList<>();
    for (String expression : expressions) {
      if (!matchesAnyOf(expression, ACCESS_TYPES)
          && !matchesAnyOf(expression, ADMIN_TYPES)
          && !matchesAnyOf(expression, SYSTEM_TYPES)) {
        unknown.add(expression);
      }
    }
    return unknown;
  }

  private static boolean canEverMatch(String expression) {
    if (matchesAnyOf(expression, ACCESS_TYPES)
        || matchesAnyOf(expression, ADMIN_TYPES)
        || matchesAnyOf(expression, SYSTEM_TYPES)) {
      return true;
    }
    String upper = expression.toUpperCase(Locale.ROOT);
    if (!upper.startsWith(ADMIN.toUpperCase(Locale.ROOT))) {
      return false;
    }
    // A custom resource type is possible; an operation outside Keycloak's four is not.
    return upper.endsWith("*")
        || Stream.of(OperationType.values())
            .anyMatch(
                operation ->
                    upper.endsWith("-" + operation.name())
                        && upper.length() > ADMIN.length() + 2 + operation.name().length());
  }

  private static boolean matchesAnyOf(String expression, List<String> types) {
    EventTypeFilter filter = EventTypeFilter.of(List.of(expression));
    return types.stream().anyMatch(filter::matches);
  }

  /** The known types nearest to the expression by edit distance, ignoring case. */
  static List<String> closest(String expression) {
    String target =
        expression.replace("*", "").toUpperCase(Locale.ROOT).replace("ADMIN-", "ADMIN.");
    return Stream.of(ACCESS_TYPES, ADMIN_TYPES, SYSTEM_TYPES)
        .flatMap(List::stream)
        .sorted(
            Comparator.comparingInt(
                    (String type) -> distance(target, type.toUpperCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(SUGGESTIONS)
        .toList();
  }

  /** Levenshtein distance, two rows at a time. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
