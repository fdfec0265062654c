package io.kcwebhooks.delivery;

import io.kcwebhooks.vetting.AddressRules;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.keycloak.Config;

/**
 * The delivery engine's options, read from {@code --spi-webhook-delivery--default--<option>}.
 * Defaults are documented in the README; tests shorten them through the same options.
 */
public record DeliverySettings(
    RetrySchedule retrySchedule,
    Duration connectTimeout,
    Duration responseTimeout,
    Duration attemptTimeout,
    int workers,
    int maxConcurrencyPerWebhook,
    int batchSize,
    Duration lease,
    Duration pollInterval,
    AddressRules addressRules,
    Duration autoDisableAfter,
    Duration retention,
    Duration cleanupInterval,
    int maxWebhooksPerRealm,
    Duration secretRotationWindow,
    int maxPendingPerWebhook) {

  /** How much longer than the attempt timeout a lease must be. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(10);

  static DeliverySettings from(Config.Scope config) {
    RetrySchedule schedule =
        RetrySchedule.parse(
                config.get("retry-schedule", RetrySchedule.DEFAULT),
                Double.parseDouble(config.get("retry-jitter", "0.2")))
            .withMaxRetryAfter(duration(config, "max-retry-after", "1h"));
    Duration attemptTimeout = duration(config, "attempt-timeout", "20s");
    Duration lease = duration(config, "lease", "60s");
    requireLeaseOutlastsAttempt(lease, attemptTimeout);
    return new DeliverySettings(
        schedule,
        duration(config, "connect-timeout", "5s"),
        duration(config, "response-timeout", "10s"),
        attemptTimeout,
        positive(config, "workers", 16),
        positive(config, "max-concurrency-per-webhook", 4),
        positive(config, "batch-size", 50),
        lease,
        duration(config, "poll-interval", "1s"),
        AddressRules.withAllowList(list(config.get("allowed-targets", ""))),
        duration(config, "auto-disable-after", "5d"),
        duration(config, "retention", "30d"),
        duration(config, "cleanup-interval", "1h"),
        positive(config, "max-webhooks-per-realm", 50),
        duration(config, "secret-rotation-window", "24h"),
        positive(config, "max-pending-per-webhook", 10_000));
  }

  /**
   * A lease that ran out while its attempt was still under way would let another node send the
   * delivery a second time; the margin leaves time to record the outcome.
   */
  static void requireLeaseOutlastsAttempt(Duration lease, Duration attemptTimeout) {
    if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "webhook-delivery option attempt-timeout must be positive");
    }
    Duration least = attemptTimeout.plus(LEASE_MARGIN);
    if (lease.compareTo(least) < 0) {
      throw new IllegalArgumentException(
          "webhook-delivery option lease ("
              + lease.toMillis()
              + "ms) must be at least attempt-timeout ("
              + attemptTimeout.toMillis()
              + "ms) + "
              + LEASE_MARGIN.toSeconds()
              + "s, so that no attempt outlives its lease");
    }
  }

  private static Duration duration(Config.Scope config, String key, String fallback) {
    try {
      return RetrySchedule.parseDuration(config.get(key, fallback));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("webhook-delivery option " + key + ": " + e.getMessage());
    }
  }

  private static int positive(Config.Scope config, String key, int fallback) {
    int value = config.getInt(key, fallback);
    if (value < 1) {
      throw new IllegalArgumentException("webhook-delivery option " + key + " must be at least 1");
    }
    return value;
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
