package io.kcwebhooks.outbox;

/**
 * What one attempt produced: an HTTP status, or a transport error when no answer came. Its texts
 * are made storable ({@link StoredText}) when it is created, so no writer can store a receiver's
 * NUL bytes or an oversized message.
 *
 * @param httpStatus the status, or null when the request got no HTTP answer
 * @param error why the attempt failed without an answer, or null
 * @param responseExcerpt the start of the answer's body, or null
 */
public record AttemptOutcome(
    long startedAt, long durationMs, Integer httpStatus, String error, String responseExcerpt) {

  private static final int GONE = 410;

  public AttemptOutcome {
    error = StoredText.of(error);
    responseExcerpt = StoredText.of(responseExcerpt);
  }

  public boolean succeeded() {
    return httpStatus != null && httpStatus >= 200 && httpStatus < 300;
  }

  /** The receiver answered 410 Gone: it wants no more deliveries. */
  public boolean gone() {
    return httpStatus != null && httpStatus == GONE;
  }
}
