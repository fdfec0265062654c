package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.kcwebhooks.outbox.OutboxStore;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Decides what an attempt's outcome means: delivered, retry later, or give up. A 410 Gone, or a
 * failure streak longer than {@code auto-disable-after}, turns the webhook off.
 */
final class OutcomeRecorder {

  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);
  private static final int GONE = 410;
  static final long SUCCESS_NOTE_INTERVAL_MILLIS = 10_000;

  private final RetrySchedule schedule;
  private final Duration autoDisableAfter;
  private final DeliveryMetrics metrics;
  private final Clock clock;
  private final Map<String, Long> successNoted = new ConcurrentHashMap<>();

  OutcomeRecorder(DeliverySettings settings, DeliveryMetrics metrics, Clock clock) {
    this.schedule = settings.retrySchedule();
    this.autoDisableAfter = settings.autoDisableAfter();
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Records the attempt; false when the claim was lost and nothing was recorded. */
  boolean record(
      KeycloakSession session, OutboxStore outbox, Dispatcher.Job job, SendResult result) {
    ClaimedDelivery delivery = job.delivery();
    AttemptOutcome outcome = result.outcome();
    long now = clock.millis();
    DeliveryStatus status = nextStatus(delivery, outcome);
    boolean recorded =
        status == DeliveryStatus.PENDING
            ? outbox.recordRetry(delivery, outcome, now + retryDelay(delivery, result).toMillis())
            : outbox.recordFinal(delivery, outcome, status, now);
    if (recorded) {
      metrics.attempt(realmName(session, delivery), outcome, status);
    }
    return recorded;
  }

  /**
   * Follows a recorded attempt up on its webhook: ends or extends its failure streak, and turns it
   * off after a 410 or a streak longer than {@code auto-disable-after}. Runs in a transaction of
   * its own, because two nodes starting a streak at once may collide on the same row, and that must
   * not undo the recorded attempts.
   */
  void followUp(
      KeycloakSession session, OutboxStore outbox, Dispatcher.Job job, SendResult result) {
    ClaimedDelivery delivery = job.delivery();
    AttemptOutcome outcome = result.outcome();
    long now = clock.millis();
    if (delivery.isSystemEvent()) {
      return;
    }
    if (outcome.succeeded()) {
      noteSuccess(outbox, delivery.webhookId(), now);
    } else if (Integer.valueOf(GONE).equals(outcome.httpStatus())) {
      disable(session, job, "the endpoint answered 410 Gone");
    } else {
      forgetSuccess(delivery.webhookId());
      long failingSince = outbox.noteFailure(delivery.webhookId(), delivery.realmId(), now);
      if (now - failingSince >= autoDisableAfter.toMillis()) {
        outbox.forgetHealth(delivery.webhookId());
        disable(
            session, job, "every attempt has failed since " + Instant.ofEpochMilli(failingSince));
      }
    }
  }

  /** Whether {@link #followUp} would do anything, so that most successes cost no transaction. */
  boolean needsFollowUp(Dispatcher.Job job, SendResult result) {
    if (job.delivery().isSystemEvent()) {
      return false;
    }
    if (!result.outcome().succeeded()) {
      return true;
    }
    Long last = successNoted.get(job.delivery().webhookId());
    return last == null || clock.millis() - last >= SUCCESS_NOTE_INTERVAL_MILLIS;
  }

  /**
   * Ends the webhook's failure streak, at most once per {@link #SUCCESS_NOTE_INTERVAL_MILLIS} per
   * node: a write per successful delivery would cost more than the delivery, and a streak that ends
   * a few seconds late changes nothing for a limit measured in days.
   */
  private void noteSuccess(OutboxStore outbox, String webhookId, long now) {
    Long last = successNoted.get(webhookId);
    if (last == null || now - last >= SUCCESS_NOTE_INTERVAL_MILLIS) {
      outbox.noteSuccess(webhookId);
      successNoted.put(webhookId, now);
    }
  }

  /** A failure on this node makes the next success clear the streak at once. */
  private void forgetSuccess(String webhookId) {
    successNoted.remove(webhookId);
  }

  private DeliveryStatus nextStatus(ClaimedDelivery delivery, AttemptOutcome outcome) {
    if (outcome.succeeded()) {
      return DeliveryStatus.DELIVERED;
    }
    boolean retriesLeft =
        !delivery.isSystemEvent()
            && !Integer.valueOf(GONE).equals(outcome.httpStatus())
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

  private static void disable(KeycloakSession session, Dispatcher.Job job, String reason) {
    RealmModel realm = session.realms().getRealm(job.delivery().realmId());
    if (realm == null) {
      return;
    }
    WebhookStore.find(realm, job.delivery().webhookId())
        .filter(webhook -> webhook.enabled())
        .ifPresent(
            webhook -> {
              WebhookStore.update(realm, webhook.disabledBecause(reason, Instant.now().toString()));
              LOG.infof(
                  "Webhook %s in realm %s was disabled: %s", webhook.id(), realm.getName(), reason);
            });
  }
}
