package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.FailureStreaks;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Follows recorded attempts up on their webhooks: ends or extends a webhook's failure streak, and
 * turns the webhook off after a 410 Gone or a streak longer than {@code auto-disable-after}, and
 * has that announced.
 */
final class HealthFollowUp {

  private static final Logger LOG = Logger.getLogger(HealthFollowUp.class);
  static final long SUCCESS_NOTE_INTERVAL_MILLIS = 10_000;

  private final Duration autoDisableAfter;
  private final DisabledAlerts alerts;
  private final Clock clock;
  private final Map<String, Long> successNoted = new ConcurrentHashMap<>();

  HealthFollowUp(Duration autoDisableAfter, DisabledAlerts alerts, Clock clock) {
    this.autoDisableAfter = autoDisableAfter;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * Runs in a transaction of its own, after the attempts were recorded, because two nodes starting
   * a streak at once may collide on the same row, and that must not undo the recorded attempts.
   */
  void followUp(
      KeycloakSession session,
      FailureStreaks streaks,
      ClaimedDelivery delivery,
      AttemptOutcome outcome) {
    long now = clock.millis();
    if (delivery.isTestPing()) {
      return;
    }
    if (outcome.succeeded()) {
      noteSuccess(streaks, delivery.webhookId(), now);
    } else if (outcome.gone()) {
      disable(session, delivery, "the endpoint answered 410 Gone");
    } else {
      forgetSuccess(delivery.webhookId());
      long failingSince = streaks.noteFailure(delivery.webhookId(), delivery.realmId(), now);
      if (now - failingSince >= autoDisableAfter.toMillis()) {
        streaks.forget(delivery.webhookId());
        disable(
            session,
            delivery,
            "every attempt has failed since " + Instant.ofEpochMilli(failingSince));
      }
    }
  }

  /** Whether {@link #followUp} would do anything, so that most successes cost no transaction. */
  boolean needsFollowUp(ClaimedDelivery delivery, AttemptOutcome outcome) {
    if (delivery.isTestPing()) {
      return false;
    }
    if (!outcome.succeeded()) {
      return true;
    }
    Long last = successNoted.get(delivery.webhookId());
    return last == null || clock.millis() - last >= SUCCESS_NOTE_INTERVAL_MILLIS;
  }

  /**
   * Ends the webhook's failure streak, at most once per {@link #SUCCESS_NOTE_INTERVAL_MILLIS} per
   * node: a write per successful delivery would cost more than the delivery, and a streak that ends
   * a few seconds late changes nothing for a limit measured in days.
   */
  private void noteSuccess(FailureStreaks streaks, String webhookId, long now) {
    Long last = successNoted.get(webhookId);
    if (last == null || now - last >= SUCCESS_NOTE_INTERVAL_MILLIS) {
      streaks.noteSuccess(webhookId);
      successNoted.put(webhookId, now);
    }
  }

  /** A failure on this node makes the next success clear the streak at once. */
  private void forgetSuccess(String webhookId) {
    successNoted.remove(webhookId);
  }

  private void disable(KeycloakSession session, ClaimedDelivery delivery, String reason) {
    RealmModel realm = session.realms().getRealm(delivery.realmId());
    if (realm == null) {
      return;
    }
    WebhookStore.find(realm, delivery.webhookId())
        .filter(webhook -> webhook.enabled())
        .ifPresent(
            webhook -> {
              Webhook disabled = webhook.disabledBecause(reason, Instant.now().toString());
              WebhookStore.update(realm, disabled);
              alerts.announce(session, realm, disabled);
              LOG.infof(
                  "Webhook %s in realm %s was disabled: %s", webhook.id(), realm.getName(), reason);
            });
  }
}
