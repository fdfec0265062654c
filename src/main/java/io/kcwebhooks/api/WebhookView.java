package io.kcwebhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcwebhooks.subscription.Webhook;
import java.util.List;

/**
 * A webhook as the API shows it: everything but the secret. {@code disabledReason} and {@code
 * disabledAt} appear only when the server turned the webhook off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookView(
    String id,
    boolean enabled,
    String url,
    List<String> eventTypes,
    String createdBy,
    String createdAt,
    String disabledReason,
    String disabledAt) {

  static WebhookView of(Webhook webhook) {
    return new WebhookView(
        webhook.id(),
        webhook.enabled(),
        webhook.url(),
        webhook.eventTypes(),
        webhook.createdBy(),
        webhook.createdAt(),
        webhook.disabledReason(),
        webhook.disabledAt());
  }
}
