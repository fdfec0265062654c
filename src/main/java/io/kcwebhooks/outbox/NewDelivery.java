package io.kcwebhooks.outbox;

/**
 * A delivery just written by the listener, with what the node that wrote it needs to send it
 * without reading it back.
 */
public record NewDelivery(
    String id, String webhookId, String realmId, String eventType, String payload) {}
