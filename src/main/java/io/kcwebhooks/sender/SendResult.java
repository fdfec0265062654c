package io.kcwebhooks.sender;

import io.kcwebhooks.outbox.AttemptOutcome;
import java.time.Duration;

/**
 * @param retryAfter the receiver's Retry-After on 429 or 503, or null
 */
public record SendResult(AttemptOutcome outcome, Duration retryAfter) {}
