package io.kcwebhooks.subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Decides which event types a webhook subscription receives.
 *
 * <p>Expressions are limited to exact types and trailing-star prefixes, so that matching every
 * event against every subscription stays a set lookup plus a few prefix checks: no regular
 * expression an admin writes can make event processing slow.
 *
 * <p>{@code *} means every user and admin event. The server's own {@code system.*} events go only
 * to webhooks that name them, so that a webhook made for Keycloak's events never receives them
 * unasked.
 */
public final class EventTypeFilter {
  public static final int MAX_EXPRESSIONS = 50;
  public static final int MAX_EXPRESSION_LENGTH = 100;

  private static final String MATCH_ALL = "*";
  private static final List<String> CATEGORIES = List.of("access", "admin", "system");
  private static final String SYSTEM_PREFIX = "SYSTEM.";

  private final NamePatterns patterns;
  private final NamePatterns systemPatterns;

  private EventTypeFilter(List<String> canonical) {
    this.patterns = NamePatterns.ignoringCase(canonical);
    this.systemPatterns =
        NamePatterns.ignoringCase(canonical.stream().filter(e -> !e.equals(MATCH_ALL)).toList());
  }

  /**
   * Returns null when the expressions are valid, else a message naming the first offending one,
   * meant to be shown to the admin as is.
   */
  public static String problemWith(List<String> expressions) {
    if (expressions == null || expressions.isEmpty()) {
      return "eventTypes must list at least one expression";
    }
    if (expressions.size() > MAX_EXPRESSIONS) {
      return "eventTypes must list at most "
          + MAX_EXPRESSIONS
          + " expressions, not "
          + expressions.size();
    }
    for (int i = 0; i < expressions.size(); i++) {
      String problem = problemWithEntry(i, expressions.get(i));
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  /** Compiles valid expressions; throws IllegalArgumentException with problemWith's message. */
  public static EventTypeFilter of(Collection<String> expressions) {
    List<String> list = expressions == null ? null : new ArrayList<>(expressions);
    String problem = problemWith(list);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new EventTypeFilter(list.stream().map(EventTypeFilter::canonical).toList());
  }

  public boolean matches(String eventType) {
    return isSystem(eventType) ? systemPatterns.matches(eventType) : patterns.matches(eventType);
  }

  private static boolean isSystem(String eventType) {
    return eventType.regionMatches(true, 0, SYSTEM_PREFIX, 0, SYSTEM_PREFIX.length());
  }

  private static String problemWithEntry(int index, String expression) {
    String name = "eventTypes[" + index + "]";
    if (expression == null) {
      return name + " must not be null";
    }
    String problem = problemWithExpression(expression);
    return problem == null
        ? null
        : name + " '" + expression + "' is not a valid expression: " + problem;
  }

  private static String problemWithExpression(String expression) {
    if (expression.length() > MAX_EXPRESSION_LENGTH) {
      return "it is longer than " + MAX_EXPRESSION_LENGTH + " characters";
    }
    if (expression.equals(MATCH_ALL)) {
      return null;
    }
    int bodyStart = bodyStart(expression);
    if (bodyStart < 0) {
      return "it must be '*' or start with 'access.', 'admin.' or 'system.'";
    }
    String body = expression.substring(bodyStart);
    if (body.isEmpty()) {
      return "an event type or '*' must follow the category";
    }
    return problemWithLiteral(
        body.endsWith(MATCH_ALL) ? body.substring(0, body.length() - 1) : body);
  }

  private static String problemWithLiteral(String literal) {
    for (char c : literal.toCharArray()) {
      if (c == '*') {
        return "'*' is only allowed at the end";
      }
      if (!isTypeCharacter(c)) {
        return "'" + c + "' is not allowed; event types use letters, digits, '_' and '-'";
      }
    }
    return null;
  }

  /** Index just past the category's separator, or -1 when there is no known category. */
  private static int bodyStart(String expression) {
    for (String category : CATEGORIES) {
      int length = category.length();
      if (expression.length() > length
          && expression.regionMatches(true, 0, category, 0, length)
          && isSeparator(expression.charAt(length))) {
        return length + 1;
      }
    }
    return -1;
  }

  /** Upper-cases the expression and turns an {@code admin-} style separator into a dot. */
  private static String canonical(String expression) {
    if (expression.equals(MATCH_ALL)) {
      return expression;
    }
    int separator = bodyStart(expression) - 1;
    String upper = expression.toUpperCase(Locale.ROOT);
    return upper.substring(0, separator) + '.' + upper.substring(separator + 1);
  }

  private static boolean isSeparator(char c) {
    return c == '.' || c == '-';
  }

  private static boolean isTypeCharacter(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }
}
