package io.kcwebhooks.event;

import io.kcwebhooks.outbox.DeliveriesEnqueued;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Enqueuer;
import io.kcwebhooks.outbox.NewDelivery;
import io.kcwebhooks.subscription.WebhookStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
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
    enqueue(event.getRealmId(), EventTypes.of(event), () -> Envelope.of(event));
  }

  @Override
  public void onEvent(AdminEvent event, boolean includeRepresentation) {
    enqueue(
        event.getRealmId(), EventTypes.of(event), () -> Envelope.of(event, includeRepresentation));
  }

  private void enqueue(String realmId, String eventType, Supplier<String> payload) {
    RealmModel realm = session.realms().getRealm(realmId);
    if (realm == null) {
      return;
    }
    List<Endpoint> endpoints =
        WebhookStore.matching(realm, eventType).stream()
            .map(webhook -> new Endpoint(webhook.id(), webhook.url(), webhook.secret()))
            .toList();
    if (endpoints.isEmpty()) {
      return;
    }
    List<NewDelivery> created =
        Enqueuer.of(session)
            .enqueue(realmId, eventType, payload.get(), endpoints, System.currentTimeMillis());
    if (enqueued == null) {
      enqueued = new ArrayList<>();
      handOverAfterCommit(enqueued);
    }
    enqueued.addAll(created);
  }

  /** After commit only, the dispatcher may see the deliveries: before, they might never exist. */
  private void handOverAfterCommit(List<NewDelivery> deliveries) {
    session
        .getTransactionManager()
        .enlistAfterCompletion(
            new AbstractKeycloakTransaction() {
              @Override
              protected void commitImpl() {
                session.getKeycloakSessionFactory().publish(new DeliveriesEnqueued(deliveries));
              }

              @Override
              protected void rollbackImpl() {}
            });
  }

  @Override
  public void close() {}
}
