package io.kcwebhooks.event;

import io.kcwebhooks.delivery.TraceParent;
import io.kcwebhooks.outbox.ProducingRequest;
import io.opentelemetry.api.trace.SpanContext;
import java.net.URI;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.tracing.TracingProvider;
import org.keycloak.urls.UrlType;

/** What the current request passes on to the deliveries of the events it produces. */
public final class ProducingRequests {

  private static final String FRONTEND_URL = "frontendUrl";

  private ProducingRequests() {}

  public static ProducingRequest of(KeycloakSession session, RealmModel realm) {
    return new ProducingRequest(issuer(session, realm), traceParent(session));
  }

  /**
   * The realm's URL, the {@code iss} of its tokens, as this request sees it; null when there is no
   * request, as for events of a start-up import.
   */
  private static String issuer(KeycloakSession session, RealmModel realm) {
    try {
      String frontend = realm.getAttribute(FRONTEND_URL);
      URI base =
          frontend != null && !frontend.isBlank()
              ? URI.create(frontend)
              : session.getContext().getUri(UrlType.FRONTEND).getBaseUri();
      return Urls.realmIssuer(base, realm.getName());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The W3C {@code traceparent} of the request's span; null when Keycloak's tracing is off. */
  private static String traceParent(KeycloakSession session) {
    TracingProvider tracing = session.getProvider(TracingProvider.class);
    SpanContext span = tracing == null ? null : tracing.getCurrentSpan().getSpanContext();
    return span == null || !span.isValid() ? null : TraceParent.of(span);
  }
}
