package io.kcwebhooks.outbox;

/**
 * Where a new delivery goes, as the webhook was when its event committed: what the node that wrote
 * the delivery needs to send it without looking the webhook up again.
 */
public record Endpoint(String webhookId, String url, String secret) {}
