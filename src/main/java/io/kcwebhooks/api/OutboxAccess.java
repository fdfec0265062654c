package io.kcwebhooks.api;

import io.kcwebhooks.outbox.DeliveriesEnqueued;
import io.kcwebhooks.outbox.NewDelivery;
import java.util.List;
import java.util.function.Function;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Runs the API's outbox work in transactions of its own, committed before the API answers, and
 * wakes the dispatcher after those that queued something. The API itself never sends.
 */
final class OutboxAccess {

  private final KeycloakSessionFactory sessionFactory;

  OutboxAccess(KeycloakSession session) {
    this.sessionFactory = session.getKeycloakSessionFactory();
  }

  <T> T read(Function<KeycloakSession, T> work) {
    return KeycloakModelUtils.runJobInTransactionWithResult(sessionFactory, work::apply);
  }

  /** For work that makes existing deliveries due: the dispatcher finds them by polling. */
  <T> T queue(Function<KeycloakSession, T> work) {
    T result = read(work);
    sessionFactory.publish(DeliveriesEnqueued.LOOK_FOR_WORK);
    return result;
  }

  /** For new deliveries, which are leased to this node: its dispatcher takes them as they are. */
  List<NewDelivery> queueNew(Function<KeycloakSession, List<NewDelivery>> work) {
    List<NewDelivery> created = read(work);
    sessionFactory.publish(new DeliveriesEnqueued(created));
    return created;
  }
}
