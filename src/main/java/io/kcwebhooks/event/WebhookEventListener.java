package io.kcwebhooks.event;

import io.kcwebhooks.outbox.AfterCommit;
import io.kcwebhooks.outbox.DeliveriesEnqueued;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Enqueuer;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Turns each event into outbox rows, one per matching webhook, inside the transaction that produced
 * the event. It never does network I/O: sending happens after commit, elsewhere.
 */
public class WebhookEventListener implements EventListenerProvider {

  private final KeycloakSession session;
  private List<NewDelivery> enqueued;

  WebhookEventListener(KeycloakSession session) {
    this.session = session;
  }

  @Override
  public void onEvent(Event event) {
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    if (realm == null) {
      return;
    }
    String eventType = EventTypes.of(event);
    List<Webhook> matching =
        WebhookStore.matching(realm, eventType, Origins.of(session, realm, event));
    enqueue(realm, eventType, matching, () -> Envelope.of(event, realm.getName()));
  }

  /**
   * Webhooks that left out representations get an envelope without one; when both kinds match, the
   * event is stored twice, once per envelope.
   */
  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    RealmModel realm = session.realms().getRealm(event.getRealmId());
    if (realm == null) {
      return;
    }
    String eventType = EventTypes.of(event);
    Map<Boolean, List<Webhook>> byRepresentation =
        WebhookStore.matching(realm, eventType, Origins.of(session, event)).stream()
            .collect(
                Collectors.partitioningBy(
                    webhook -> includeRepresentation && webhook.includeRepresentation()));
    for (boolean withRepresentation : List.of(true, false)) {
      enqueue(
          realm,
          eventType,
          byRepresentation.get(withRepresentation),
          () -> Envelope.of(event, realm.getName(), withRepresentation));
    }
  }

  private void enqueue(
      RealmModel realm, String eventType, List<Webhook> webhooks, Supplier<String> payload) {
    if (webhooks.isEmpty()) {
      return;
    }
    List<Endpoint> endpoints = webhooks.stream().map(Endpoint::of).toList();
    List<NewDelivery> created =
        Enqueuer.of(session)
            .enqueue(
                realm.getId(),
                eventType,
                payload.get(),
                ProducingRequests.of(session, realm),
                endpoints,
                System.currentTimeMillis());
    if (enqueued == null) {
      enqueued = new ArrayList<>();
      handOverAfterCommit(enqueued);
    }
    enqueued.addAll(created);
  }

  /** After commit only, the dispatcher may see the deliveries: before, they might never exist. */
  private void handOverAfterCommit(List<NewDelivery> deliveries) {
    AfterCommit.run(
        session,
        () -> session.getKeycloakSessionFactory().publish(new DeliveriesEnqueued(deliveries)));
  }

  @Override
  public void close() {}
}
