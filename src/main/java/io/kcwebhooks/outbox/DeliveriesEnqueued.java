package io.kcwebhooks.outbox;

import java.util.List;
import org.keycloak.provider.ProviderEvent;

/**
 * Published on Keycloak's provider event bus after a transaction that enqueued deliveries has
 * committed, so that the local dispatcher can start at once instead of at its next poll.
 *
 * @param deliveries the new deliveries, or none when the dispatcher should simply look for due work
 *     (a resend or replay)
 */
public record DeliveriesEnqueued(List<NewDelivery> deliveries) implements ProviderEvent {

  public static final DeliveriesEnqueued LOOK_FOR_WORK = new DeliveriesEnqueued(List.of());
}
