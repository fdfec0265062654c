package io.kcwebhooks.subscription;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How a webhook's requests are sent, beyond the URL and the signature.
 *
 * @param maxRequestsPerSecond the most attempts a node starts per second for this webhook, or 0 for
 *     no limit
 * @param bearerToken whether each request carries a JWT signed with the realm's key
 * @param headers extra request headers; their values are write-only, like the secret
 */
public record SendOptions(
    int maxRequestsPerSecond, boolean bearerToken, Map<String, String> headers) {

  public static final SendOptions DEFAULT = new SendOptions(0, false, Map.of());

  /** Names the headers and hides their values, which are often credentials. */
  @Override
  public String toString() {
    return "SendOptions[maxRequestsPerSecond="
        + maxRequestsPerSecond
        + ", bearerToken="
        + bearerToken
        + ", headers="
        + headers.keySet()
        + " (values hidden)]";
  }

  public static final int MAX_REQUESTS_PER_SECOND = 10_000;
  public static final int MAX_HEADERS = 10;
  public static final int MAX_HEADER_VALUE_LENGTH = 1024;

  /** RFC 9110's token characters. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  /** Headers the extension sets itself, or that HTTP itself owns. */
  private static final Set<String> RESERVED =
      Set.of(
          "authorization",
          "connection",
          "content-length",
          "content-type",
          "host",
          "te",
          "trailer",
          "traceparent",
          "tracestate",
          "transfer-encoding",
          "upgrade",
          "user-agent",
          "x-keycloak-signature");

  public SendOptions {
    TreeMap<String, String> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sorted.putAll(headers);
    headers = Collections.unmodifiableSortedMap(sorted);
  }

  public SendOptions withMaxRequestsPerSecond(int perSecond) {
    return new SendOptions(perSecond, bearerToken, headers);
  }

  public SendOptions withBearerToken(boolean enabled) {
    return new SendOptions(maxRequestsPerSecond, enabled, headers);
  }

  public SendOptions withHeaders(Map<String, String> replaced) {
    return new SendOptions(maxRequestsPerSecond, bearerToken, replaced);
  }

  /** Returns a message naming the first problem, or null. It never repeats a header's value. */
  public String problem() {
    if (maxRequestsPerSecond < 0 || maxRequestsPerSecond > MAX_REQUESTS_PER_SECOND) {
      return "maxRequestsPerSecond must be between 0 (no limit) and " + MAX_REQUESTS_PER_SECOND;
    }
    if (headers.size() > MAX_HEADERS) {
      return "headers may hold at most " + MAX_HEADERS + " entries";
    }
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String problem = headerProblem(header.getKey(), header.getValue());
      if (problem != null) {
        return problem;
      }
    }
    return null;
  }

  private static String headerProblem(String name, String value) {
    if (!HEADER_NAME.matcher(name).matches()) {
      return "headers: a name must be 1 to 64 letters, digits or !#$%&'*+.^_`|~-";
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (RESERVED.contains(lower) || lower.startsWith("webhook-")) {
      return "headers: " + name + " is set by the server and cannot be configured";
    }
    if (value == null || value.isEmpty() || value.length() > MAX_HEADER_VALUE_LENGTH) {
      return "headers: the value of "
          + name
          + " must be 1 to "
          + MAX_HEADER_VALUE_LENGTH
          + " characters";
    }
    if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7f))) {
      return "headers: the value of " + name + " must be printable ASCII";
    }
    if (KnownValues.isPlaceholder(value) || KnownValues.holdsEnvironmentPlaceholder(value)) {
      return "headers: the value of "
          + name
          + " is a placeholder or a masked value (such as the ********** of a partial export)";
    }
    return null;
  }
}
