package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.kcwebhooks.outbox.Outcomes;
import io.kcwebhooks.sender.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Decides what an attempt's outcome makes of its delivery: delivered, pending until the retry
 * schedule's next step, or failed once the schedule is used up, the receiver answered 410 Gone, or
 * a test ping failed.
 */
final class StatusDecider {

  private final RetrySchedule schedule;
  private final DeliveryMetrics metrics;
  private final Clock clock;

  StatusDecider(RetrySchedule schedule, DeliveryMetrics metrics, Clock clock) {
    this.schedule = schedule;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** What the attempt's outcome makes of its delivery, to be recorded with the attempt. */
  Outcomes.Entry decide(ClaimedDelivery delivery, SendResult result) {
    AttemptOutcome outcome = result.outcome();
    long now = clock.millis();
    DeliveryStatus status = nextStatus(delivery, outcome);
    return status == DeliveryStatus.PENDING
        ? Outcomes.Entry.retry(delivery, outcome, now + retryDelay(delivery, result).toMillis())
        : Outcomes.Entry.last(delivery, outcome, status, now);
  }

  /** Counts a recorded attempt in the metrics. */
  void count(KeycloakSession session, Outcomes.Entry recorded) {
    metrics.attempt(realmName(session, recorded.claim()), recorded.outcome(), recorded.status());
  }

  private DeliveryStatus nextStatus(ClaimedDelivery delivery, AttemptOutcome outcome) {
    if (outcome.succeeded()) {
      return DeliveryStatus.DELIVERED;
    }
    boolean retriesLeft =
        !delivery.isTestPing()
            && !outcome.gone()
            && delivery.scheduleStep() < schedule.maxAttempts();
    return retriesLeft ? DeliveryStatus.PENDING : DeliveryStatus.FAILED;
  }

  private Duration retryDelay(ClaimedDelivery delivery, SendResult result) {
    Optional<Duration> delay =
        schedule.delayAfterFailedAttempt(
            delivery.scheduleStep(), result.retryAfter(), ThreadLocalRandom.current()::nextDouble);
    return delay.orElseThrow();
  }

  private static String realmName(KeycloakSession session, ClaimedDelivery delivery) {
    RealmModel realm = session.realms().getRealm(delivery.realmId());
    return realm == null ? delivery.realmId() : realm.getName();
  }
}
