package io.kcwebhooks.subscription;

import java.util.List;

/** A webhook's event types and filters, compiled once and asked about every event. */
final class WebhookMatcher {

  private final EventTypeFilter types;
  private final NamePatterns clients;
  private final NamePatterns excludeClients;
  private final NamePatterns excludeUsers;

  WebhookMatcher(Key key) {
    this.types = EventTypeFilter.of(key.eventTypes());
    this.clients = NamePatterns.ofClients(key.filters().clients());
    this.excludeClients = NamePatterns.ofClients(key.filters().excludeClients());
    this.excludeUsers = NamePatterns.ofUsers(key.filters().excludeUsers());
  }

  /** What a compiled matcher depends on, so that webhooks alike share one. */
  record Key(List<String> eventTypes, Filters filters) {
    static Key of(Webhook webhook) {
      return new Key(webhook.eventTypes(), webhook.filters());
    }
  }

  /** The server's own events have no client or user, so filters do not apply to them. */
  boolean matches(String eventType, EventOrigin origin) {
    if (!types.matches(eventType)) {
      return false;
    }
    if (origin == null) {
      return true;
    }
    if (!clients.isEmpty() || !excludeClients.isEmpty()) {
      String clientId = origin.clientId();
      if (!clients.isEmpty() && !clients.matches(clientId)) {
        return false;
      }
      if (excludeClients.matches(clientId)) {
        return false;
      }
    }
    return excludeUsers.isEmpty() || !isExcludedUser(origin);
  }

  private boolean isExcludedUser(EventOrigin origin) {
    return excludeUsers.matches(origin.userId()) || excludeUsers.matches(origin.username());
  }
}
