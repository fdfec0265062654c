package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Claims;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Leases;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The dispatcher's short transactions on the outbox: claims due deliveries, renews the leases of
 * those that waited, and gives back those this node will not send. Each claimed delivery is paired
 * with its webhook from the realm cache; deliveries of a deleted or disabled webhook end there,
 * unsent.
 */
final class Claimer {

  private static final Logger LOG = Logger.getLogger(Claimer.class);

  private final KeycloakSessionFactory sessionFactory;
  private final Duration lease;
  private final int maxAttempts;
  private final Clock clock;

  /**
   * @param maxAttempts the attempts a delivery gets after each (re)queue
   */
  Claimer(KeycloakSessionFactory sessionFactory, Duration lease, int maxAttempts, Clock clock) {
    this.sessionFactory = sessionFactory;
    this.lease = lease;
    this.maxAttempts = maxAttempts;
    this.clock = clock;
  }

  /**
   * The jobs a claim of due deliveries made.
   *
   * @param leaseEnd when their leases end
   * @param tookSome whether it claimed or gave up any delivery
   * @param moreMayBeDue whether the claim found as many due deliveries as it asked for
   */
  record Due(List<SendJob> jobs, long leaseEnd, boolean tookSome, boolean moreMayBeDue) {}

  /** Claims up to {@code wanted} due deliveries, as many per webhook and realm as caps allow. */
  Due claimDue(int wanted, ClaimCaps caps) {
    long leaseEnd = leaseEnd();
    Claims.Claimed[] claimed = new Claims.Claimed[1];
    List<SendJob> jobs =
        claim(
            session -> {
              claimed[0] =
                  Claims.of(session).claimDue(clock.millis(), wanted, leaseEnd, caps, maxAttempts);
              return claimed[0].deliveries();
            });
    int gaveUp = claimed[0].gaveUp();
    if (gaveUp > 0) {
      LOG.warnf(
          "Gave up %d webhook deliveries whose every attempt was started but never recorded",
          gaveUp);
    }
    boolean tookSome = gaveUp > 0 || !claimed[0].deliveries().isEmpty();
    return new Due(jobs, leaseEnd, tookSome, claimed[0].moreMayBeDue());
  }

  /** Renews the leases of held deliveries; those another node took meanwhile are left out. */
  List<ClaimedDelivery> renew(List<ClaimedDelivery> deliveries) {
    try {
      return KeycloakModelUtils.runJobInTransactionWithResult(
          sessionFactory, session -> Leases.of(session).renew(deliveries, leaseEnd()));
    } catch (RuntimeException e) {
      LOG.warnf(e, "%d webhook deliveries will be sent when their lease ends", deliveries.size());
      return List.of();
    }
  }

  /** Best effort: a delivery that could not be given back is claimed when its lease ends. */
  void giveBack(List<ClaimedDelivery> deliveries) {
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory, session -> Leases.of(session).releaseUnsent(deliveries, clock.millis()));
    } catch (RuntimeException e) {
      LOG.warnf(e, "%d webhook deliveries will be sent when their lease ends", deliveries.size());
    }
  }

  /** For a node that stops: gives back what is being sent and what never started. */
  void releaseUnfinished(Collection<ClaimedDelivery> active, List<ClaimedDelivery> unsent) {
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory,
          session -> {
            Leases leases = Leases.of(session);
            active.forEach(delivery -> leases.release(delivery, clock.millis()));
            leases.releaseUnsent(unsent, clock.millis());
          });
    } catch (RuntimeException e) {
      LOG.infof(
          "%d webhook deliveries will be retried after their lease", active.size() + unsent.size());
    }
  }

  private long leaseEnd() {
    return clock.millis() + lease.toMillis();
  }

  /** Runs a claim in a short transaction and pairs each claimed delivery with its webhook. */
  private List<SendJob> claim(Function<KeycloakSession, List<ClaimedDelivery>> claimer) {
    return KeycloakModelUtils.runJobInTransactionWithResult(
        sessionFactory,
        session -> {
          List<ClaimedDelivery> claimed = claimer.apply(session);
          // Keyed by realm as well: a webhook id names a webhook only within its realm.
          Map<String, Optional<Webhook>> webhooks = new HashMap<>();
          List<SendJob> jobs = new ArrayList<>(claimed.size());
          for (ClaimedDelivery delivery : claimed) {
            Optional<Webhook> webhook =
                webhooks.computeIfAbsent(
                    delivery.realmId() + "/" + delivery.webhookId(),
                    key -> findWebhook(session, delivery.realmId(), delivery.webhookId()));
            String reason = unsendableReason(webhook, delivery);
            if (reason != null) {
              Leases.of(session).abandon(delivery, reason, clock.millis());
            } else {
              jobs.add(new SendJob(delivery, Endpoint.of(webhook.get())));
            }
          }
          return jobs;
        });
  }

  /** Test pings go out even to a disabled webhook, so that an admin can check it first. */
  private static String unsendableReason(Optional<Webhook> webhook, ClaimedDelivery delivery) {
    if (webhook.isEmpty()) {
      return "webhook was deleted";
    }
    return webhook.get().enabled() || delivery.isTestPing() ? null : "webhook is disabled";
  }

  private static Optional<Webhook> findWebhook(
      KeycloakSession session, String realmId, String webhookId) {
    RealmModel realm = session.realms().getRealm(realmId);
    return realm == null ? Optional.empty() : WebhookStore.find(realm, webhookId);
  }
}
