package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.Backlog;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The extension's meters, per realm. Keycloak publishes Micrometer's global registry at the
 * management port's {@code /metrics} when {@code --metrics-enabled=true}; without it the meters
 * cost next to nothing.
 */
final class DeliveryMetrics {

  private final MeterRegistry registry;
  private final Map<String, Meters> meters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> backlog = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> oldestAgeSeconds = new ConcurrentHashMap<>();

  DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Counts the attempt by result ({@code delivered}, {@code retrying}, {@code failed}) and times
   * it.
   */
  void attempt(String realm, AttemptOutcome outcome, DeliveryStatus next) {
    String result =
        next == DeliveryStatus.PENDING ? "retrying" : next.name().toLowerCase(Locale.ROOT);
    meters.computeIfAbsent(realm + "/" + result, key -> new Meters(realm, result)).record(outcome);
  }

  /** The meters of one realm and result, looked up once instead of on every attempt. */
  private final class Meters {
    private final Counter attempts;
    private final Counter deliveries;
    private final Timer duration;

    Meters(String realm, String result) {
      attempts =
          Counter.builder("keycloak.webhooks.attempts")
              .description("Webhook delivery attempts, by what followed them")
              .tag("realm", realm)
              .tag("result", result)
              .register(registry);
      deliveries =
          result.equals("retrying")
              ? null
              : Counter.builder("keycloak.webhooks.deliveries")
                  .description("Webhook deliveries that ended, by outcome")
                  .tag("realm", realm)
                  .tag("outcome", result)
                  .register(registry);
      duration =
          Timer.builder("keycloak.webhooks.attempt.duration")
              .description("Time from sending a webhook request to its answer or failure")
              .tag("realm", realm)
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofMillis(1))
              .maximumExpectedValue(Duration.ofSeconds(30))
              .register(registry);
    }

    void record(AttemptOutcome outcome) {
      attempts.increment();
      if (deliveries != null) {
        deliveries.increment();
      }
      duration.record(Duration.ofMillis(outcome.durationMs()));
    }
  }

  /** Pending deliveries ended unsent because their webhook had too many. */
  void dropped(String realm, int count) {
    Counter.builder("keycloak.webhooks.dropped")
        .description("Pending webhook deliveries dropped over max-pending-per-webhook")
        .tag("realm", realm)
        .register(registry)
        .increment(count);
  }

  /** Webhooks held back on this node because their last attempt failed. */
  void heldBack(IntSupplier webhooks) {
    Gauge.builder("keycloak.webhooks.held.back", webhooks, IntSupplier::getAsInt)
        .description(
            "Webhooks held back to their realm's probation share: their last attempt failed")
        .strongReference(true)
        .register(registry);
  }

  /** Replaces the backlog gauges with a fresh count; realms without a backlog drop to zero. */
  void backlog(List<Backlog> current, Map<String, String> realmNames, long now) {
    backlog.values().forEach(value -> value.set(0));
    oldestAgeSeconds.values().forEach(value -> value.set(0));
    for (Backlog entry : current) {
      String realm = realmNames.getOrDefault(entry.realmId(), entry.realmId());
      gauge(backlog, "keycloak.webhooks.backlog", "Pending webhook deliveries", realm, null)
          .set(entry.pending());
      gauge(
              oldestAgeSeconds,
              "keycloak.webhooks.oldest.pending.age",
              "Age of the oldest pending webhook delivery",
              realm,
              "seconds")
          .set(Math.max(0, (now - entry.oldestCreatedAt()) / 1000));
    }
  }

  private AtomicLong gauge(
      Map<String, AtomicLong> values, String name, String description, String realm, String unit) {
    return values.computeIfAbsent(
        realm,
        key -> {
          AtomicLong value = new AtomicLong();
          Gauge.builder(name, value, AtomicLong::get)
              .description(description)
              .baseUnit(unit)
              .tag("realm", key)
              .register(registry);
          return value;
        });
  }
}
