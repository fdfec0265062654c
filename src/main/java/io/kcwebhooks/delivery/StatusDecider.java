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
 * a test ping failed. Records the attempt with that status and counts it.
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

  /** Records the attempt; false when the claim was lost and nothing was recorded. */
  boolean record(
      KeycloakSession session, Outcomes outcomes, ClaimedDelivery delivery, SendResult result) {
    AttemptOutcome outcome = result.outcome();
    long now = clock.millis();
    DeliveryStatus status = nextStatus(delivery, outcome);
    boolean recorded =
        status == DeliveryStatus.PENDING
            ? outcomes.recordRetry(delivery, outcome, now + retryDelay(delivery, result).toMillis())
            : outcomes.recordFinal(delivery, outcome, status, now);
    if (recorded) {
      metrics.attempt(realmName(session, delivery), outcome, status);
    }
    return recorded;
  }

  private DeliveryStatus nextStatus(ClaimedDelivery delivery, AttemptOutcome outcome) {
    if (outcome.succeeded()) {
      return DeliveryStatus.DELIVERED;
    }
    boolean retriesLeft =
        !delivery.isSystemEvent()
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
