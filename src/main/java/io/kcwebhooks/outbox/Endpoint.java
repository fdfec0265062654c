package io.kcwebhooks.outbox;

import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.SendOptions;
import io.kcwebhooks.subscription.Webhook;

/**
 * Where a new delivery goes, as the webhook was when its event committed: what the node that wrote
 * the delivery needs to send it without looking the webhook up again.
 */
public record Endpoint(String webhookId, String url, Secrets secrets, SendOptions options) {

  public static Endpoint of(Webhook webhook) {
    return new Endpoint(webhook.id(), webhook.url(), webhook.secrets(), webhook.sendOptions());
  }
}
