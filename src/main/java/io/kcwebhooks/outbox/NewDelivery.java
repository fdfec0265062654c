package io.kcwebhooks.outbox;

/**
 * A delivery just written by the listener, leased to the node that wrote it, with what that node
 * needs to send it without reading it back.
 *
 * @param endpoint the webhook's address and secret when the event committed
 * @param producedBy what the request that produced the event passes on to its deliveries
 * @param claimToken the lease's token
 * @param leaseEnd when the lease ends and any node may take the delivery
 */
public record NewDelivery(
    String id,
    Endpoint endpoint,
    String realmId,
    String eventType,
    String payload,
    ProducingRequest producedBy,
    String claimToken,
    long leaseEnd) {

  public String webhookId() {
    return endpoint.webhookId();
  }

  /** The delivery as a claim of the node that wrote it. */
  public ClaimedDelivery asClaimed() {
    return new ClaimedDelivery(
        id,
        endpoint.webhookId(),
        realmId,
        eventType,
        1,
        1,
        claimToken,
        producedBy,
        ClaimedDelivery.bodyOf(id, payload));
  }
}
