package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.kcwebhooks.outbox.OutboxStore;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Decides what an attempt's outcome means: delivered, retry later, or give up; and 410 Gone turns
 * the webhook off, because the receiver said it will never want these again.
 */
final class OutcomeRecorder {

  private static final Logger LOG = Logger.getLogger(OutcomeRecorder.class);
  private static final int GONE = 410;

  private final RetrySchedule schedule;
  private final Clock clock;

  OutcomeRecorder(RetrySchedule schedule, Clock clock) {
    this.schedule = schedule;
    this.clock = clock;
  }

  void record(KeycloakSession session, OutboxStore outbox, Dispatcher.Job job, SendResult result) {
    AttemptOutcome outcome = result.outcome();
    long now = clock.millis();
    if (outcome.succeeded()) {
      outbox.recordFinal(job.delivery(), outcome, DeliveryStatus.DELIVERED, now);
    } else if (Integer.valueOf(GONE).equals(outcome.httpStatus())) {
      outbox.recordFinal(job.delivery(), outcome, DeliveryStatus.FAILED, now);
      disable(session, job);
    } else {
      Optional<Duration> delay =
          schedule.delayAfterFailedAttempt(
              job.delivery().attemptNo(),
              result.retryAfter(),
              ThreadLocalRandom.current()::nextDouble);
      if (delay.isPresent()) {
        outbox.recordRetry(job.delivery(), outcome, now + delay.get().toMillis());
      } else {
        outbox.recordFinal(job.delivery(), outcome, DeliveryStatus.FAILED, now);
      }
    }
  }

  private static void disable(KeycloakSession session, Dispatcher.Job job) {
    RealmModel realm = session.realms().getRealm(job.delivery().realmId());
    if (realm == null) {
      return;
    }
    WebhookStore.find(realm, job.webhook().id())
        .ifPresent(
            webhook -> {
              WebhookStore.update(realm, webhook.withEnabled(false));
              LOG.infof(
                  "Webhook %s in realm %s answered 410 Gone and was disabled",
                  webhook.id(), realm.getName());
            });
  }
}
