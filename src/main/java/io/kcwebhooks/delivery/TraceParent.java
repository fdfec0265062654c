package io.kcwebhooks.delivery;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.regex.Pattern;

/** The W3C {@code traceparent} header of version 00, written and read. */
public final class TraceParent {

  private static final Pattern VERSION_00 =
      Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");

  private TraceParent() {}

  public static String of(SpanContext span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }

  /** The span context it names, or null when there is none or it is malformed. */
  static SpanContext parse(String traceParent) {
    if (traceParent == null || !VERSION_00.matcher(traceParent).matches()) {
      return null;
    }
    SpanContext context =
        SpanContext.createFromRemoteParent(
            traceParent.substring(3, 35),
            traceParent.substring(36, 52),
            TraceFlags.fromHex(traceParent, 53),
            TraceState.getDefault());
    return context.isValid() ? context : null;
  }
}
