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
   * window. A missing {@code enabled} keeps the current state, so that a client cannot re-enable a
   * webhook by accident. Missing filter fields, {@code includeRepresentation}, {@code
   * maxRequestsPerSecond}, {@code bearerToken}, {@code headers} and {@code alertEmail} keep theirs
   * too, so that a client written for the spec's fields alone cannot drop them unknowingly. An
   * empty {@code alertEmail} removes it.
   */
  static Webhook updated(
      Webhook current, WebhookRequest request, long now, Duration rotationWindow) {
    boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
    return new Webhook(
        current.id(),
        current.realmId(),
        enabled,
        request.url(),
        request.secret() == null
            ? current.secrets()
            : current.secrets().changedTo(emptyToNull(request.secret()), now, rotationWindow),
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
