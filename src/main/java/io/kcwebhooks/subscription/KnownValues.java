package io.kcwebhooks.subscription;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Values that anyone can know, refused wherever a webhook keeps a credential (its secret and its
 * header values). The one that matters most is Keycloak's own mask: a partial export writes {@code
 * **********} for every secret, and a realm created from that file would otherwise sign with it.
 */
final class KnownValues {

  private static final Pattern MASK = Pattern.compile("\\*{3,}");
  private static final Pattern ENVIRONMENT = Pattern.compile("\\$\\{[^}]*}");
  private static final Pattern ANGLED = Pattern.compile("<[^<>]*>");
  private static final Set<String> WORDS = Set.of("changeme", "change-me", "changeit", "password");

  private KnownValues() {}

  /** An unresolved {@code ${NAME}} anywhere in the value. */
  static boolean holdsEnvironmentPlaceholder(String value) {
    return ENVIRONMENT.matcher(value).find();
  }

  /** Keycloak's mask or any run of three asterisks, a {@code <placeholder>}, or a default word. */
  static boolean isPlaceholder(String value) {
    String trimmed = value.trim();
    return MASK.matcher(value).find()
        || ANGLED.matcher(trimmed).matches()
        || WORDS.contains(trimmed.toLowerCase(Locale.ROOT));
  }
}
