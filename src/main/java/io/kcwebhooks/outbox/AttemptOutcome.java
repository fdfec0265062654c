package io.kcwebhooks.outbox;

/**
 * What one attempt produced: an HTTP status, or a transport error when no answer came.
 *
 * @param httpStatus the status, or null when the request got no HTTP answer
 * @param error why the attempt failed without an answer, or null
 */
public record AttemptOutcome(
    long startedAt, long durationMs, Integer httpStatus, String error, String responseExcerpt) {

  public boolean succeeded() {
    return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
  }
}
