package io.kcwebhooks.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The shape every stored webhook must have, whether it came through the REST API or a realm import.
 * Address policy (which hosts may be called) is the sender's business, not this class's.
 */
public final class WebhookRules {

  public static final int MAX_URL_LENGTH = 2048;
  public static final int MAX_SECRET_LENGTH = 256;
  public static final int MIN_SECRET_LENGTH = 8;
  public static final int MIN_STANDARD_KEY_BYTES = 16;
  private static final String STANDARD_PREFIX = "whsec_";
  public static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+");

  private WebhookRules() {}

  /** Returns a message naming the first problem, or null when the webhook is acceptable. */
  public static String problemWith(Webhook webhook) {
    String urlProblem = urlProblem(webhook.url());
    if (urlProblem != null) {
      return urlProblem;
    }
    String secretProblem = secretProblem(webhook.secrets().current());
    if (secretProblem == null) {
      secretProblem = secretProblem(webhook.secrets().previous());
    }
    if (secretProblem != null) {
      return secretProblem;
    }
    String typesProblem = EventTypeFilter.problemWith(webhook.eventTypes());
    if (typesProblem == null) {
      typesProblem = EventCatalog.problemWith(webhook.eventTypes());
    }
    if (typesProblem != null) {
      return typesProblem;
    }
    String filtersProblem = webhook.filters().problem();
    if (filtersProblem != null) {
      return filtersProblem;
    }
    String optionsProblem = webhook.sendOptions().problem();
    return optionsProblem == null ? alertEmailProblem(webhook.alertEmail()) : optionsProblem;
  }

  /** The message never repeats the secret, since error messages end up in logs. */
  static String secretProblem(String secret) {
    if (secret == null) {
      return null;
    }
    if (secret.length() > MAX_SECRET_LENGTH) {
      return "secret must be at most " + MAX_SECRET_LENGTH + " characters";
    }
    if (KnownValues.holdsEnvironmentPlaceholder(secret)) {
      // Most likely a realm file imported without the variable set, or with ${env.NAME}, which
      // Keycloak does not replace: signing with the placeholder text would be signing with a
      // secret written in git.
      return "secret is an unresolved ${...} placeholder: set the environment variable it names"
          + " before importing at start-up with --import-realm, which replaces ${NAME} and"
          + " ${NAME:default} (not ${env.NAME})";
    }
    if (KnownValues.isPlaceholder(secret)) {
      return "secret is a placeholder or a masked value (such as the ********** of a partial"
          + " export), which anyone can know: set the real secret";
    }
    if (secret.startsWith(STANDARD_PREFIX) && standardKeyBytes(secret) < 0) {
      return "a secret starting with whsec_ must be base64 after the prefix";
    }
    return null;
  }

  /**
   * The strength asked of a secret when it is set or changed, but not of one already stored, so
   * that a webhook saved under older rules can still be edited. Plain secrets need {@value
   * #MIN_SECRET_LENGTH} characters, as short as the spec's own examples; a {@code whsec_} key holds
   * random bytes, and needs {@value #MIN_STANDARD_KEY_BYTES} of them.
   */
  public static String newSecretProblem(String secret) {
    if (secret == null || secret.isEmpty()) {
      return null;
    }
    if (secret.startsWith(STANDARD_PREFIX)) {
      return standardKeyBytes(secret) < MIN_STANDARD_KEY_BYTES
          ? "a whsec_ secret must hold at least " + MIN_STANDARD_KEY_BYTES + " bytes of base64"
          : null;
    }
    if (secret.length() < MIN_SECRET_LENGTH || secret.chars().distinct().count() == 1) {
      return "secret must be at least "
          + MIN_SECRET_LENGTH
          + " characters and not one character repeated";
    }
    return null;
  }

  /** The length of the key after {@code whsec_}, or -1 when it is not base64. */
  private static int standardKeyBytes(String secret) {
    String key = secret.substring(STANDARD_PREFIX.length());
    try {
      return key.isEmpty() ? -1 : Base64.getDecoder().decode(key).length;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  static String alertEmailProblem(String address) {
    if (address == null) {
      return null;
    }
    if (address.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(address).matches()) {
      return "alertEmail must be one email address such as ops@example.com, at most "
          + MAX_EMAIL_LENGTH
          + " characters";
    }
    return null;
  }

  static String urlProblem(String url) {
    if (url == null || url.isBlank()) {
      return "url is required";
    }
    if (url.length() > MAX_URL_LENGTH) {
      return "url must be at most " + MAX_URL_LENGTH + " characters";
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return "url is not a valid URI: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      return "url must be an absolute http or https URL";
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return "url must name a host";
    }
    if (uri.getRawUserInfo() != null) {
      return "url must not carry credentials; use the secret to authenticate deliveries";
    }
    return null;
  }
}
