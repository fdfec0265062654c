package io.kcwebhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The record of one try to send a delivery, whether it got an HTTP answer or not. */
@Entity
@Table(name = "WEBHOOK_ATTEMPT")
public class Attempt {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "DELIVERY_ID", length = 36, nullable = false)
  private String deliveryId;

  @Column(name = "ATTEMPT_NO", nullable = false)
  private int attemptNo;

  @Column(name = "STARTED_AT", nullable = false)
  private long startedAt;

  @Column(name = "DURATION_MS", nullable = false)
  private long durationMs;

  @Column(name = "HTTP_STATUS")
  private Integer httpStatus;

  @Column(name = "ERROR", length = StoredText.MAX_CHARS)
  private String error;

  @Column(name = "RESPONSE_EXCERPT", length = StoredText.MAX_CHARS)
  private String responseExcerpt;

  protected Attempt() {}

  Attempt(String id, String deliveryId, int attemptNo, AttemptOutcome outcome) {
    this.id = id;
    this.deliveryId = deliveryId;
    this.attemptNo = attemptNo;
    this.startedAt = outcome.startedAt();
    this.durationMs = outcome.durationMs();
    this.httpStatus = outcome.httpStatus();
    this.error = outcome.error();
    this.responseExcerpt = outcome.responseExcerpt();
  }

  public String getId() {
    return id;
  }

  public String getDeliveryId() {
    return deliveryId;
  }

  public int getAttemptNo() {
    return attemptNo;
  }

  public long getStartedAt() {
    return startedAt;
  }

  public long getDurationMs() {
    return durationMs;
  }

  public Integer getHttpStatus() {
    return httpStatus;
  }

  public String getError() {
    return error;
  }

  public String getResponseExcerpt() {
    return responseExcerpt;
  }
}
