package io.kcwebhooks.sender;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads the Retry-After header a receiver sends with 429 and 503 responses. */
final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait the receiver asks for, or null when the header is absent or unusable, in which case
   * the retry schedule alone decides.
   */
  public static Duration parse(String headerValue, Instant now) {
    if (headerValue == null || headerValue.isBlank()) {
      return null;
    }
    String value = headerValue.strip();
    return isDigits(value) ? seconds(value) : untilDate(value, now);
  }

  private static boolean isDigits(String value) {
    return value.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private static Duration seconds(String digits) {
    try {
      return Duration.ofSeconds(Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration untilDate(String value, Instant now) {
    Instant date;
    try {
      date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
    return date.isAfter(now) ? Duration.between(now, date) : Duration.ZERO;
  }
}
