package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.sender.SendResult;
import io.kcwebhooks.sender.Sender;
import io.opentelemetry.api.trace.Span;
import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * One attempt of a delivery, on a worker: its token if it wants one, its span, the request, the
 * outcome. It owns the sender and closes it.
 */
final class Attempts implements Closeable {

  /** Holds a webhook's attempts on this node back until a time, in epoch milliseconds. */
  interface Pause {
    void until(String webhookId, long untilMillis, long nowMillis);
  }

  private final Sender sender;
  private final BearerTokens tokens;
  private final AttemptSpans spans;
  private final OutcomeBatcher outcomes;
  private final RetrySchedule schedule;
  private final Pause pause;
  private final Clock clock;

  Attempts(
      Sender sender,
      KeycloakSessionFactory sessionFactory,
      OutcomeBatcher outcomes,
      RetrySchedule schedule,
      Pause pause,
      Clock clock) {
    this.sender = sender;
    this.tokens = new BearerTokens(sessionFactory, clock);
    this.spans = new AttemptSpans(sessionFactory);
    this.outcomes = outcomes;
    this.schedule = schedule;
    this.pause = pause;
    this.clock = clock;
  }

  /**
   * Sends and hands the outcome on; waits while the outcome queue is full, so that a database that
   * cannot keep up slows sending down instead of filling the heap.
   */
  void run(SendJob job) throws InterruptedException {
    SendResult result = send(job);
    AttemptLog.log(job.delivery(), result.outcome());
    if (result.retryAfter() != null) {
      holdBack(job, result.retryAfter());
    }
    outcomes.submit(job.delivery(), result);
  }

  /**
   * Sends within a client span of the producing request's trace. An attempt that cannot get the
   * token its webhook asks for fails without a request.
   */
  private SendResult send(SendJob job) {
    String traceParent = job.delivery().producedBy().traceParent();
    Span span = spans.start(traceParent, job.endpoint().url());
    SendResult result;
    try {
      Map<String, String> headers = new HashMap<>();
      String token = tokens.tokenFor(job);
      if (token != null) {
        headers.put("Authorization", "Bearer " + token);
      }
      String sentTraceParent = AttemptSpans.traceParentOf(span, traceParent);
      if (sentTraceParent != null) {
        headers.put("traceparent", sentTraceParent);
      }
      result = sender.send(job.endpoint(), job.delivery(), headers);
    } catch (BearerTokens.Unavailable e) {
      AttemptOutcome failed = new AttemptOutcome(clock.millis(), 0, null, e.getMessage(), null);
      result = new SendResult(failed, null);
    }
    AttemptSpans.end(span, result.outcome());
    return result;
  }

  @Override
  public void close() throws IOException {
    sender.close();
  }

  /**
   * A receiver that asks to wait gets no attempt of its webhook from this node until then, however
   * much its rate limit would allow.
   */
  private void holdBack(SendJob job, Duration retryAfter) {
    long now = clock.millis();
    long until = now + schedule.cappedRetryAfter(retryAfter).toMillis();
    pause.until(job.delivery().webhookId(), until, now);
  }
}
