package io.kcwebhooks.subscription;

import java.util.List;

/**
 * One webhook subscription of a realm, as stored. The secret is kept here because the sender needs
 * it; the REST layer is responsible for never writing it out.
 *
 * @param secrets what signs its deliveries; never written out
 * @param filters clients and users the webhook wants or leaves out, beyond its event types
 * @param includeRepresentation whether admin events carry the changed resource's representation,
 *     when the realm records it
 * @param sendOptions rate limit, bearer token and extra headers of its requests
 * @param alertEmail where to write when the server turns the webhook off, or null
 * @param disabledReason why the server turned the webhook off (410 Gone, a long failure streak), or
 *     null
 * @param disabledAt when it did, ISO-8601, or null
 */
public record Webhook(
    String id,
    String realmId,
    boolean enabled,
    String url,
    Secrets secrets,
    List<String> eventTypes,
    Filters filters,
    boolean includeRepresentation,
    SendOptions sendOptions,
    String alertEmail,
    String createdBy,
    String createdAt,
    String disabledReason,
    String disabledAt) {

  public Webhook {
    eventTypes = List.copyOf(eventTypes);
  }

  /** Turned off by the server, with the reason shown to admins until it is enabled again. */
  public Webhook disabledBecause(String reason, String at) {
    return new Webhook(
        id,
        realmId,
        false,
        url,
        secrets,
        eventTypes,
        filters,
        includeRepresentation,
        sendOptions,
        alertEmail,
        createdBy,
        createdAt,
        reason,
        at);
  }
}
