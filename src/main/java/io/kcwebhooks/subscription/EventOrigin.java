package io.kcwebhooks.subscription;

/**
 * Who caused an event, as filters need it. Implementations look names up only when asked, so that
 * events for webhooks without filters cost no lookups.
 */
public interface EventOrigin {

  /** The client's {@code clientId}, or null when the event has no client. */
  String clientId();

  /** The acting or affected user's id, or null. */
  String userId();

  /** That user's username, or null when there is no such user (any more). */
  String username();
}
