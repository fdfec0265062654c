package io.kcwebhooks.delivery;

import io.kcwebhooks.outbox.AttemptOutcome;
import java.time.Duration;

/**
 * @param retryAfter the receiver's Retry-After on 429 or 503, or null
 */
record SendResult(AttemptOutcome outcome, Duration retryAfter) {}
