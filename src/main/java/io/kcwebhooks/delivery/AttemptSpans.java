package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.tracing.TracingProvider;

/**
 * A client span per attempt, in the trace of the request that produced the event, through
 * Keycloak's own tracing: with tracing off its tracer makes no spans, and the stored {@code
 * traceparent} is passed on as it is.
 */
final class AttemptSpans {

  private static final String TRACER = "io.kcwebhooks";

  private final KeycloakSessionFactory sessionFactory;
  private volatile Tracer tracer;

  AttemptSpans(KeycloakSessionFactory sessionFactory) {
    this.sessionFactory = sessionFactory;
  }

  /** A started span for the attempt, or null when the event came without a trace. */
  Span start(String traceParent, String url) {
    SpanContext parent = TraceParent.parse(traceParent);
    if (parent == null) {
      return null;
    }
    return tracer()
        .spanBuilder("POST")
        .setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(Span.wrap(parent)))
        .setAttribute("http.request.method", "POST")
        .setAttribute("url.full", url)
        .startSpan();
  }

  /** The {@code traceparent} to send: the attempt's span, or else the producing request's. */
  static String traceParentOf(Span span, String producing) {
    if (span == null || !span.getSpanContext().isValid()) {
      return producing;
    }
    return TraceParent.of(span.getSpanContext());
  }

  static void end(Span span, AttemptOutcome outcome) {
    if (span == null) {
      return;
    }
    if (outcome.httpStatus() != null) {
      span.setAttribute("http.response.status_code", outcome.httpStatus());
    }
    if (!outcome.succeeded()) {
      span.setStatus(StatusCode.ERROR, outcome.error() == null ? "" : outcome.error());
    }
    span.end();
  }

  private Tracer tracer() {
    Tracer current = tracer;
    if (current == null) {
      try (KeycloakSession session = sessionFactory.create()) {
        current = session.getProvider(TracingProvider.class).getTracer(TRACER);
      }
      tracer = current;
    }
    return current;
  }
}
