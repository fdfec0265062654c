package io.kcwebhooks.outbox;

import org.keycloak.provider.ProviderEvent;

/**
 * Published on Keycloak's provider event bus after a transaction that enqueued deliveries has
 * committed, so that the local dispatcher can start at once instead of at its next poll.
 */
public final class DeliveriesEnqueued implements ProviderEvent {

  public static final DeliveriesEnqueued INSTANCE = new DeliveriesEnqueued();

  private DeliveriesEnqueued() {}
}
