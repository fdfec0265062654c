package io.kcwebhooks.subscription;

import java.util.List;

/**
 * One webhook subscription of a realm, as stored. The secret is kept here because the sender needs
 * it; the REST layer is responsible for never writing it out.
 */
public record Webhook(
    String id,
    String realmId,
    boolean enabled,
    String url,
    String secret,
    List<String> eventTypes,
    String createdBy,
    String createdAt) {

  public Webhook {
    eventTypes = List.copyOf(eventTypes);
  }

  public boolean hasSecret() {
    return secret != null && !secret.isEmpty();
  }

  public Webhook withEnabled(boolean value) {
    return new Webhook(id, realmId, value, url, secret, eventTypes, createdBy, createdAt);
  }
}
