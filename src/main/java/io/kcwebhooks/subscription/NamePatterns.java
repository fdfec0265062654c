package io.kcwebhooks.subscription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names a webhook chooses (event types, client ids, usernames): exact names, or prefixes ending in
 * {@code *}. No pattern can make matching slow: it is a set lookup and a few prefix checks.
 */
public final class NamePatterns {
  public static final int MAX_PATTERNS = 50;
  public static final int MAX_PATTERN_LENGTH = 255;
  private static final String STAR = "*";

  private final boolean ignoreCase;
  private final boolean matchesAll;
  private final Set<String> exact;
  private final List<String> prefixes;

  private NamePatterns(
      boolean ignoreCase, boolean matchesAll, Set<String> exact, List<String> prefixes) {
    this.ignoreCase = ignoreCase;
    this.matchesAll = matchesAll;
    this.exact = exact;
    this.prefixes = prefixes;
  }

  /** Client ids: case matters, as it does to Keycloak. */
  public static NamePatterns ofClients(List<String> patterns) {
    return of(patterns, false);
  }

  /** Usernames: Keycloak keeps them in lower case, so case never matters. */
  public static NamePatterns ofUsers(List<String> patterns) {
    return of(patterns, true);
  }

  /** Event types, once in their canonical form. */
  static NamePatterns ignoringCase(List<String> patterns) {
    return of(patterns, true);
  }

  private static NamePatterns of(List<String> patterns, boolean ignoreCase) {
    Set<String> exact = new HashSet<>();
    List<String> prefixes = new ArrayList<>();
    for (String pattern : patterns) {
      String folded = ignoreCase ? pattern.toLowerCase(Locale.ROOT) : pattern;
      if (folded.endsWith(STAR)) {
        prefixes.add(folded.substring(0, folded.length() - 1));
      } else {
        exact.add(folded);
      }
    }
    return new NamePatterns(
        ignoreCase, prefixes.contains(""), Set.copyOf(exact), List.copyOf(prefixes));
  }

  public boolean isEmpty() {
    return exact.isEmpty() && prefixes.isEmpty();
  }

  /** Whether any pattern matches the name; never for a null name, which no pattern names. */
  public boolean matches(String name) {
    if (name == null) {
      return false;
    }
    if (matchesAll) {
      return true;
    }
    String folded = ignoreCase ? name.toLowerCase(Locale.ROOT) : name;
    if (exact.contains(folded)) {
      return true;
    }
    for (String prefix : prefixes) {
      if (folded.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns null when the patterns are valid, else a message naming the field and the first
   * offending entry. Commas are refused because the stored form joins the entries with them.
   */
  public static String problemWith(String field, List<String> patterns) {
    if (patterns.size() > MAX_PATTERNS) {
      return field + " must list at most " + MAX_PATTERNS + " names, not " + patterns.size();
    }
    for (int i = 0; i < patterns.size(); i++) {
      String problem = problemWithPattern(patterns.get(i));
      if (problem != null) {
        return field + "[" + i + "] " + problem;
      }
    }
    return null;
  }

  private static String problemWithPattern(String pattern) {
    if (pattern == null || pattern.isBlank()) {
      return "must not be empty";
    }
    if (pattern.length() > MAX_PATTERN_LENGTH) {
      return "must be at most " + MAX_PATTERN_LENGTH + " characters";
    }
    int star = pattern.indexOf('*');
    if (star >= 0 && star != pattern.length() - 1) {
      return "'" + pattern + "' may use '*' only at the end";
    }
    for (char c : pattern.toCharArray()) {
      if (c == ',' || Character.isISOControl(c)) {
        return "'" + pattern + "' must not contain commas or control characters";
      }
    }
    return null;
  }
}
