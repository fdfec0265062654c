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
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * One attempt of a delivery, on a worker: its token if it wants one, its span, the request, the
 * outcome. It owns the sender and closes it.
 */
final class Attempts implements Closeable {

  private static final Logger LOG = Logger.getLogger(Attempts.class);

  private final Sender sender;
  private final BearerTokens tokens;
  private final AttemptSpans spans;
  private final OutcomeBatcher outcomes;
  private final RetrySchedule schedule;
  private final HeldDeliveries held;
  private final Clock clock;

  Attempts(
      Sender sender,
      KeycloakSessionFactory sessionFactory,
      OutcomeBatcher outcomes,
      RetrySchedule schedule,
      HeldDeliveries held,
      Clock clock) {
    this.sender = sender;
    this.tokens = new BearerTokens(sessionFactory, clock);
    this.spans = new AttemptSpans(sessionFactory);
    this.outcomes = outcomes;
    this.schedule = schedule;
    this.held = held;
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
    noteStanding(job, result.outcome().succeeded());
    outcomes.submit(job.delivery(), result);
  }

  /** Says once when a webhook goes on probation for failing, and once when it recovers. */
  private void noteStanding(SendJob job, boolean succeeded) {
    String webhookId = job.delivery().webhookId();
    String realmId = job.delivery().realmId();
    switch (held.answered(webhookId, realmId, succeeded, clock.millis())) {
      case NOW_FAILING ->
          LOG.infof(
              "Webhook %s of realm %s failed: until it answers 2xx, this node holds it back to the"
                  + " half of the realm's share of workers kept for webhooks on probation",
              webhookId, realmId);
      case RECOVERED ->
          LOG.infof(
              "Webhook %s of realm %s answers again: it is no longer held back",
              webhookId, realmId);
      case NONE -> {}
    }
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
    held.pause(job.delivery().webhookId(), until, now);
  }
}
