package io.kcwebhooks.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.outbox.AfterCommit;
import io.kcwebhooks.outbox.DeliveriesEnqueued;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Enqueuer;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.EventCatalog;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailSenderProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Tells people that the server turned a webhook off: a {@code system.WEBHOOK_DISABLED} event to the
 * realm's webhooks that subscribe to it, written in the transaction that turns the webhook off, and
 * an email to the address the webhook names, through the realm's own SMTP settings, after that
 * transaction commits. Mail goes out on a thread of its own, so that a slow mail server never holds
 * up outcomes; at most {@link #MAX_QUEUED_MAILS} wait, and more are dropped with a warning, as are
 * those beyond a realm's {@link AlertMailBudget}.
 */
final class DisabledAlerts {

  private static final Logger LOG = Logger.getLogger(DisabledAlerts.class);
  static final int MAX_QUEUED_MAILS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KeycloakSessionFactory sessionFactory;
  private final Clock clock;
  private final ThreadPoolExecutor mailer;
  private final AlertMailBudget budget = new AlertMailBudget();

  DisabledAlerts(KeycloakSessionFactory sessionFactory, Clock clock) {
    this.sessionFactory = sessionFactory;
    this.clock = clock;
    this.mailer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_QUEUED_MAILS),
            DaemonThreads.named("webhook-alert-mail"));
  }

  /** In the transaction that turned {@code disabled} off. */
  void announce(KeycloakSession session, RealmModel realm, Webhook disabled) {
    List<Endpoint> subscribers =
        WebhookStore.matching(realm, EventCatalog.WEBHOOK_DISABLED, null).stream()
            .filter(webhook -> !webhook.id().equals(disabled.id()))
            .map(Endpoint::of)
            .toList();
    List<NewDelivery> created =
        subscribers.isEmpty()
            ? List.of()
            : Enqueuer.of(session)
                .enqueue(
                    realm.getId(),
                    EventCatalog.WEBHOOK_DISABLED,
                    payload(realm, disabled),
                    ProducingRequest.NONE,
                    subscribers,
                    clock.millis());
    String realmId = realm.getId();
    AfterCommit.run(
        session,
        () -> {
          if (!created.isEmpty()) {
            sessionFactory.publish(new DeliveriesEnqueued(created));
          }
          if (disabled.alertEmail() != null) {
            queueMail(realmId, disabled);
          }
        });
  }

  private String payload(RealmModel realm, Webhook disabled) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("webhookId", disabled.id());
    details.put("url", disabled.url());
    details.put("reason", disabled.disabledReason());
    details.put("disabledAt", disabled.disabledAt());
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("id", UUID.randomUUID().toString());
    envelope.put("time", clock.millis());
    envelope.put("realmId", realm.getId());
    envelope.put("realmName", realm.getName());
    envelope.put("type", EventCatalog.WEBHOOK_DISABLED);
    envelope.put("details", details);
    try {
      return JSON.writeValueAsString(envelope);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings is always JSON", e);
    }
  }

  private void queueMail(String realmId, Webhook disabled) {
    if (!budget.take(realmId, clock.millis())) {
      LOG.warnf(
          "The email about disabled webhook %s was not sent: its realm had %d alert emails in the"
              + " last hour, the most allowed",
          disabled.id(), AlertMailBudget.PER_HOUR);
      return;
    }
    try {
      mailer.execute(() -> mail(realmId, disabled));
    } catch (RejectedExecutionException e) {
      LOG.warnf(
          "The email about disabled webhook %s was not sent: %d others are waiting",
          disabled.id(), MAX_QUEUED_MAILS);
    }
  }

  private void mail(String realmId, Webhook disabled) {
    try {
      KeycloakModelUtils.runJobInTransaction(
          sessionFactory, session -> send(session, realmId, disabled));
    } catch (RuntimeException e) {
      LOG.warnf(e, "The email about disabled webhook %s was not sent", disabled.id());
    }
  }

  private static void send(KeycloakSession session, String realmId, Webhook disabled) {
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      return;
    }
    Map<String, String> smtp = realm.getSmtpConfig();
    if (smtp == null || smtp.get("host") == null || smtp.get("host").isBlank()) {
      LOG.warnf(
          "Realm %s has no SMTP server, so the email about disabled webhook %s was not sent",
          realm.getName(), disabled.id());
      return;
    }
    session.getContext().setRealm(realm);
    try {
      session
          .getProvider(EmailSenderProvider.class)
          .send(
              smtp,
              disabled.alertEmail(),
              "Webhook disabled in realm " + realm.getName(),
              text(realm, disabled),
              null);
    } catch (EmailException e) {
      LOG.warnf(
          "The email about disabled webhook %s was not sent: %s", disabled.id(), e.getMessage());
    }
  }

  private static String text(RealmModel realm, Webhook disabled) {
    return "Keycloak turned off a webhook of realm "
        + realm.getName()
        + ".\n\nWebhook: "
        + disabled.id()
        + "\nURL: "
        + disabled.url()
        + "\nWhen: "
        + disabled.disabledAt()
        + "\nWhy: "
        + disabled.disabledReason()
        + "\n\nIts deliveries are no longer sent. Once the endpoint works, enable it again"
        + " (PUT /realms/"
        + realm.getName()
        + "/webhooks/"
        + disabled.id()
        + " with \"enabled\": true, or the admin page) and replay what failed.\n";
  }
}
