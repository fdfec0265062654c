package io.kcwebhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcwebhooks.subscription.EventCatalog;
import io.kcwebhooks.subscription.Webhook;
import java.util.List;

/**
 * A webhook as the API shows it: everything but the secret. {@code disabledReason} and {@code
 * disabledAt} appear only when the server turned the webhook off; {@code unknownEventTypes} only
 * when an expression matches no type in this Keycloak's catalog.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record WebhookView(
    String id,
    boolean enabled,
    String url,
    List<String> eventTypes,
    List<String> unknownEventTypes,
    List<String> clients,
    List<String> excludeClients,
    List<String> excludeUsers,
    boolean includeRepresentation,
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
        unknownOrNull(webhook.eventTypes()),
        webhook.filters().clients(),
        webhook.filters().excludeClients(),
        webhook.filters().excludeUsers(),
        webhook.includeRepresentation(),
        webhook.createdBy(),
        webhook.createdAt(),
        webhook.disabledReason(),
        webhook.disabledAt());
  }

  private static List<String> unknownOrNull(List<String> eventTypes) {
    List<String> unknown = EventCatalog.unknown(eventTypes);
    return unknown.isEmpty() ? null : unknown;
  }
}
