package io.kcwebhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcwebhooks.subscription.EventCatalog;
import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.Webhook;
import java.time.Instant;
import java.util.List;

/**
 * A webhook as the API shows it: everything but the secrets and the header values. {@code
 * disabledReason} and {@code disabledAt} appear only when the server turned the webhook off; {@code
 * unknownEventTypes} only when an expression matches no type in this Keycloak's catalog; {@code
 * previousSecretExpiresAt} only while a replaced secret still signs; {@code maxRequestsPerSecond}
 * only when set.
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
    String previousSecretExpiresAt,
    Integer maxRequestsPerSecond,
    boolean bearerToken,
    List<String> headerNames,
    String alertEmail,
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
        previousSecretExpiry(webhook.secrets()),
        limitOrNull(webhook.sendOptions().maxRequestsPerSecond()),
        webhook.sendOptions().bearerToken(),
        List.copyOf(webhook.sendOptions().headers().keySet()),
        webhook.alertEmail(),
        webhook.createdBy(),
        webhook.createdAt(),
        webhook.disabledReason(),
        webhook.disabledAt());
  }

  private static String previousSecretExpiry(Secrets secrets) {
    return secrets.previousSignsAt(System.currentTimeMillis())
        ? Instant.ofEpochMilli(secrets.previousUntil()).toString()
        : null;
  }

  private static Integer limitOrNull(int maxRequestsPerSecond) {
    return maxRequestsPerSecond == 0 ? null : maxRequestsPerSecond;
  }

  private static List<String> unknownOrNull(List<String> eventTypes) {
    List<String> unknown = EventCatalog.unknown(eventTypes);
    return unknown.isEmpty() ? null : unknown;
  }
}
