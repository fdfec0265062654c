package io.kcwebhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * One event to be sent to one webhook. Its id is the Standard Webhooks {@code webhook-id} and the
 * payload's {@code uid}, stable across attempts.
 *
 * <p>A claimed delivery stays PENDING with {@code nextAttemptAt} moved to the end of its lease and
 * a fresh claim token: if the claiming node dies, the row simply becomes due again when the lease
 * ends, and the token stops a late writer from overwriting a newer claim.
 */
@Entity
@Table(name = "WEBHOOK_DELIVERY")
public class Delivery {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "EVENT_ID", nullable = false)
  private EventRecord event;

  @Column(name = "WEBHOOK_ID", length = 36, nullable = false)
  private String webhookId;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "EVENT_TYPE", length = 100, nullable = false)
  private String eventType;

  @Enumerated(EnumType.STRING)
  @Column(name = "STATUS", length = 16, nullable = false)
  private DeliveryStatus status;

  /** Attempts started: each is counted before it is sent, so one cut short still counts. */
  @Column(name = "ATTEMPTS", nullable = false)
  private int attempts;

  /** The attempt count when the delivery was last (re)queued; the schedule restarts there. */
  @Column(name = "RETRY_BASE", nullable = false)
  private int retryBase;

  @Column(name = "NEXT_ATTEMPT_AT", nullable = false)
  private long nextAttemptAt;

  @Column(name = "CLAIM_TOKEN", length = 36)
  private String claimToken;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  @Column(name = "COMPLETED_AT")
  private Long completedAt;

  @Column(name = "LAST_HTTP_STATUS")
  private Integer lastHttpStatus;

  @Column(name = "LAST_ERROR", length = StoredText.MAX_CHARS)
  private String lastError;

  protected Delivery() {}

  /**
   * A new delivery, already leased to the node whose transaction writes it, with its first attempt
   * counted: that node sends it right after the commit.
   */
  Delivery(String id, EventRecord event, String webhookId, String claimToken, long leaseEnd) {
    this.id = id;
    this.event = event;
    this.webhookId = webhookId;
    this.realmId = event.getRealmId();
    this.eventType = event.getEventType();
    this.status = DeliveryStatus.PENDING;
    this.attempts = 1;
    this.claimToken = claimToken;
    this.nextAttemptAt = leaseEnd;
    this.createdAt = event.getCreatedAt();
  }

  /** Leases the delivery for its next attempt, which is counted now, before it is sent. */
  void claim(String token, long leaseEnd) {
    this.claimToken = token;
    this.nextAttemptAt = leaseEnd;
    this.attempts++;
  }

  /** Attempts started since the delivery was last (re)queued. */
  int attemptsSinceQueued() {
    return attempts - retryBase;
  }

  void retryAt(long when) {
    this.claimToken = null;
    this.nextAttemptAt = when;
  }

  /** Queues a finished delivery again with a fresh retry schedule; its id stays the same. */
  void requeue(long when) {
    this.status = DeliveryStatus.PENDING;
    this.retryBase = attempts;
    this.completedAt = null;
    this.claimToken = null;
    this.nextAttemptAt = when;
  }

  /**
   * Ends the delivery failed without sending it.
   *
   * @param attemptsStarted the attempts really started, for a claim that counted one it never made
   */
  void abandon(String reason, long when, int attemptsStarted) {
    this.attempts = attemptsStarted;
    this.lastError = StoredText.of(reason);
    finish(DeliveryStatus.FAILED, when);
  }

  void finish(DeliveryStatus outcome, long when) {
    this.status = outcome;
    this.claimToken = null;
    this.completedAt = when;
  }

  public String getId() {
    return id;
  }

  public EventRecord getEvent() {
    return event;
  }

  public String getWebhookId() {
    return webhookId;
  }

  public String getRealmId() {
    return realmId;
  }

  public String getEventType() {
    return eventType;
  }

  public DeliveryStatus getStatus() {
    return status;
  }

  public int getAttempts() {
    return attempts;
  }

  public int getRetryBase() {
    return retryBase;
  }

  public long getNextAttemptAt() {
    return nextAttemptAt;
  }

  public String getClaimToken() {
    return claimToken;
  }

  public long getCreatedAt() {
    return createdAt;
  }

  public Long getCompletedAt() {
    return completedAt;
  }

  public Integer getLastHttpStatus() {
    return lastHttpStatus;
  }

  public String getLastError() {
    return lastError;
  }
}
