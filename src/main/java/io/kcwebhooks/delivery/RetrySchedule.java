package io.kcwebhooks.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When to try a delivery again.
 *
 * <p>The first attempt is always made at once, right after the event's commit. Item i is the wait
 * before retry i + 1 (attempt i + 2), counted from the end of the previous attempt, so a schedule
 * of n delays makes n + 1 attempts. Jitter spreads retries out so that deliveries that failed
 * together, say while a receiver was down, do not all come back at the same moment.
 */
public final class RetrySchedule {
  public static final String DEFAULT = "5s,5m,30m,2h,5h,10h,10h";

  private static final int MAX_ITEMS = 50;
  private static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofHours(1);
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  private final List<Duration> delays;
  private final double jitter;
  private final Duration maxRetryAfter;

  private RetrySchedule(List<Duration> delays, double jitter, Duration maxRetryAfter) {
    this.delays = delays;
    this.jitter = jitter;
    this.maxRetryAfter = maxRetryAfter;
  }

  /**
   * Parses a comma-separated list of delays such as {@link #DEFAULT}; jitter is the fraction, in
   * [0, 1), by which each retry delay may randomly shrink or grow.
   */
  public static RetrySchedule parse(String spec, double jitter) {
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be at least 0 and below 1, not " + jitter);
    }
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("retry schedule must list at least one delay");
    }
    String[] items = spec.split(",", -1);
    if (items.length > MAX_ITEMS) {
      throw new IllegalArgumentException(
          "retry schedule must list at most " + MAX_ITEMS + " delays, not " + items.length);
    }
    List<Duration> delays = new ArrayList<>();
    for (int i = 0; i < items.length; i++) {
      delays.add(parseItem(i, items[i]));
    }
    return new RetrySchedule(List.copyOf(delays), jitter, DEFAULT_MAX_RETRY_AFTER);
  }

  /** Parses a duration such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h} or {@code 1d}. */
  public static Duration parseDuration(String item) {
    Matcher matcher = DURATION.matcher(item.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "'" + item + "' is not a duration such as 500ms, 10s, 5m, 2h or 1d");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Caps how long a receiver's Retry-After can postpone a retry. */
  public RetrySchedule withMaxRetryAfter(Duration cap) {
    if (cap.isNegative()) {
      throw new IllegalArgumentException("the Retry-After cap must not be negative, not " + cap);
    }
    return new RetrySchedule(delays, jitter, cap);
  }

  /** How long a receiver's Retry-After holds its webhook back: as asked, up to the cap. */
  public Duration cappedRetryAfter(Duration retryAfter) {
    return min(retryAfter, maxRetryAfter);
  }

  /** The first attempt and one retry per delay. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /**
   * The wait before the next attempt, or empty when the delivery should be given up.
   *
   * @param retryAfter the receiver's Retry-After, or null; honoured up to the cap, but never makes
   *     the wait shorter than the schedule's
   * @param random supplies values in [0, 1) to pick the jitter
   */
  public Optional<Duration> delayAfterFailedAttempt(
      int attemptsMade, Duration retryAfter, DoubleSupplier random) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attemptsMade must be at least 1, not " + attemptsMade);
    }
    if (attemptsMade >= maxAttempts()) {
      return Optional.empty();
    }
    Duration delay = jittered(delays.get(attemptsMade - 1), random.getAsDouble());
    if (retryAfter == null) {
      return Optional.of(delay);
    }
    Duration requested = cappedRetryAfter(retryAfter);
    return Optional.of(delay.compareTo(requested) < 0 ? requested : delay);
  }

  private static Duration parseItem(int index, String item) {
    try {
      return parseDuration(item);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "retry schedule item " + (index + 1) + ": " + e.getMessage(), e);
    }
  }

  private Duration jittered(Duration delay, double random) {
    double factor = 1 - jitter + 2 * jitter * random;
    return Duration.ofMillis(Math.round(delay.toMillis() * factor));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
