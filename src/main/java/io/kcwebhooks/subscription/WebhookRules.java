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
  private static final String STANDARD_PREFIX = "whsec_";
  public static final int MAX_EMAIL_LENGTH = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>]+@[^@\\s,;<>]+\\.[^@\\s,;<>]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}");

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
    if (PLACEHOLDER.matcher(secret).find()) {
      // Most likely a realm file imported without the variable set, or with ${env.NAME}, which
      // Keycloak does not replace: signing with the placeholder text would be signing with a
      // secret written in git.
      return "secret is an unresolved ${...} placeholder: set the environment variable it names"
          + " before importing at start-up with --import-realm, which replaces ${NAME} and"
          + " ${NAME:default} (not ${env.NAME})";
    }
    if (secret.startsWith(STANDARD_PREFIX)
        && !isBase64(secret.substring(STANDARD_PREFIX.length()))) {
      return "a secret starting with whsec_ must be base64 after the prefix";
    }
    return null;
  }

  private static boolean isBase64(String text) {
    try {
      return !text.isEmpty() && Base64.getDecoder().decode(text).length > 0;
    } catch (IllegalArgumentException e) {
      return false;
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
