package io.kcwebhooks.outbox;

public enum DeliveryStatus {
  /** Waiting for its next attempt, or being attempted under a lease. */
  PENDING,
  DELIVERED,
  /** Ended without a 2xx answer: retries exhausted, endpoint gone, or webhook removed. */
  FAILED
}
