package io.kcwebhooks.api;

import io.kcwebhooks.subscription.Webhook;
import java.util.List;

/** A webhook as the API shows it: everything but the secret. */
record WebhookView(
    String id,
    boolean enabled,
    String url,
    List<String> eventTypes,
    String createdBy,
    String createdAt) {

  static WebhookView of(Webhook webhook) {
    return new WebhookView(
        webhook.id(),
        webhook.enabled(),
        webhook.url(),
        webhook.eventTypes(),
        webhook.createdBy(),
        webhook.createdAt());
  }
}
