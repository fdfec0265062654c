package io.kcwebhooks.api;

import io.kcwebhooks.subscription.Filters;
import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.SendOptions;
import io.kcwebhooks.subscription.Webhook;
import java.time.Duration;
import java.util.List;

/** What a POST or PUT body makes of a webhook. */
final class WebhookChanges {

  private WebhookChanges() {}

  /**
   * A new webhook from the request. The component factory checks it and sets {@code createdBy} and
   * {@code createdAt}, as on every other path.
   */
  static Webhook created(String id, String realmId, WebhookRequest request) {
    return new Webhook(
        id,
        realmId,
        request.enabled() == null || request.enabled(),
        request.url(),
        Secrets.of(emptyToNull(request.secret())),
        orEmpty(request.eventTypes()),
        filters(request, Filters.NONE),
        request.includeRepresentation() == null || request.includeRepresentation(),
        sendOptions(request, SendOptions.DEFAULT),
        emptyToNull(request.alertEmail()),
        null,
        null,
        null,
        null);
  }

  /**
   * The webhook a PUT makes of the current one. A missing {@code secret} keeps the stored one and
   * an empty one removes it; a new one keeps the replaced one signing beside it for the rotation
   * window. A new {@code url} needs the secret and headers again. A missing {@code enabled} keeps
   * the current state, so that a client cannot re-enable a webhook by accident. Missing filter
   * fields, {@code includeRepresentation}, {@code maxRequestsPerSecond}, {@code bearerToken},
   * {@code headers} and {@code alertEmail} keep theirs too, so that a client written for the spec's
   * fields alone cannot drop them unknowingly. An empty {@code alertEmail} removes it.
   */
  static Webhook updated(
      Webhook current, WebhookRequest request, long now, Duration rotationWindow) {
    boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
    boolean moved = request.url() != null && !request.url().equals(current.url());
    if (moved) {
      requireCredentialsFor(current, request);
    }
    return new Webhook(
        current.id(),
        current.realmId(),
        enabled,
        request.url(),
        secrets(current, request, moved, now, rotationWindow),
        orEmpty(request.eventTypes()),
        filters(request, current.filters()),
        request.includeRepresentation() == null
            ? current.includeRepresentation()
            : request.includeRepresentation(),
        sendOptions(request, current.sendOptions()),
        request.alertEmail() == null ? current.alertEmail() : emptyToNull(request.alertEmail()),
        current.createdBy(),
        current.createdAt(),
        enabled ? null : current.disabledReason(),
        enabled ? null : current.disabledAt());
  }

  /**
   * A webhook's secret and headers were given for its receiver: a new URL must come with them again
   * (the same values, new ones, or empty to drop them), so that an administrator who does not know
   * them cannot point the webhook at a host of theirs and collect signatures or credentials.
   */
  private static void requireCredentialsFor(Webhook current, WebhookRequest request) {
    if (current.secrets().signs() && request.secret() == null) {
      throw ApiError.badRequest(
          "a new url needs the secret in the same request (the current one, a new one, or empty"
              + " to stop signing): it was given for the old receiver");
    }
    if (!current.sendOptions().headers().isEmpty() && request.headers() == null) {
      throw ApiError.badRequest(
          "a new url needs headers in the same request (the current values, new ones, or {} to"
              + " drop them): they were given for the old receiver");
    }
  }

  /**
   * A missing secret keeps the stored ones; a new one rotates, keeping the replaced one signing for
   * the window; at a new URL, the secret sent is the only one, since the old receiver's secrets
   * must not sign for the new one.
   */
  private static Secrets secrets(
      Webhook current, WebhookRequest request, boolean moved, long now, Duration window) {
    if (request.secret() == null) {
      return current.secrets();
    }
    String next = emptyToNull(request.secret());
    return moved ? Secrets.of(next) : current.secrets().changedTo(next, now, window);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** The request's sending fields, each left out one taken from the fallback. */
  private static SendOptions sendOptions(WebhookRequest request, SendOptions fallback) {
    SendOptions options = fallback;
    if (request.maxRequestsPerSecond() != null) {
      options = options.withMaxRequestsPerSecond(request.maxRequestsPerSecond());
    }
    if (request.bearerToken() != null) {
      options = options.withBearerToken(request.bearerToken());
    }
    if (request.headers() != null) {
      options = options.withHeaders(request.headers());
    }
    return options;
  }

  /**
   * The request's filter fields, each left out one taken from the fallback. Checked here as well as
   * by the component factory, because once stored comma-joined, "a,b" reads as two names.
   */
  private static Filters filters(WebhookRequest request, Filters fallback) {
    Filters filters =
        new Filters(
            request.clients() == null ? fallback.clients() : request.clients(),
            request.excludeClients() == null ? fallback.excludeClients() : request.excludeClients(),
            request.excludeUsers() == null ? fallback.excludeUsers() : request.excludeUsers());
    String problem = filters.problem();
    if (problem != null) {
      throw ApiError.badRequest(problem);
    }
    return filters;
  }
}
