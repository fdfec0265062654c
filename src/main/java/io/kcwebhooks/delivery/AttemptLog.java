package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import io.kcwebhooks.outbox.ClaimedDelivery;
import org.jboss.logging.Logger;

/**
 * One line per attempt under the category {@code io.kcwebhooks.attempts}, at DEBUG so that an
 * operator switches it on with {@code --log-level=io.kcwebhooks.attempts:debug}. It never holds the
 * secret or the body.
 */
final class AttemptLog {

  private static final Logger LOG = Logger.getLogger("io.kcwebhooks.attempts");

  private AttemptLog() {}

  static void log(ClaimedDelivery delivery, AttemptOutcome outcome) {
    if (!LOG.isDebugEnabled()) {
      return;
    }
    LOG.debugf(
        "webhook attempt delivery=%s webhook=%s realm=%s type=%s attempt=%d status=%s"
            + " error=\"%s\" durationMs=%d",
        delivery.id(),
        delivery.webhookId(),
        delivery.realmId(),
        delivery.eventType(),
        delivery.attemptNo(),
        outcome.httpStatus() == null ? "-" : outcome.httpStatus(),
        outcome.error() == null ? "" : outcome.error(),
        outcome.durationMs());
  }
}
