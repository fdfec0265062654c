package io.kcwebhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One Keycloak event that matched at least one webhook; its payload is stored once. */
@Entity
@Table(name = "WEBHOOK_EVENT")
public class EventRecord {

  /**
   * The most characters (UTF-16 code units, as {@link String#length()} counts them) a payload may
   * have: on H2 the column is a {@code VARCHAR} of this length, the longest H2 allows.
   */
  public static final int MAX_PAYLOAD_CHARS = 1_048_576;

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "EVENT_TYPE", length = 100, nullable = false)
  private String eventType;

  /**
   * The envelope's JSON without the per-delivery {@code uid}, at most {@link #MAX_PAYLOAD_CHARS}
   * characters. Neither {@code @Lob} nor given that length, on purpose: a length beyond the
   * dialect's longest {@code VARCHAR} makes some dialects bind the value as a LOB, and a plain
   * string bind into a non-LOB column (see the changelog) is what keeps payloads out of LOB
   * storage.
   */
  @Column(name = "PAYLOAD", nullable = false)
  private String payload;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  /** The realm's URL seen by the request that produced the event, or null without a request. */
  @Column(name = "ISSUER", length = 2048)
  private String issuer;

  /** The W3C trace context of the request that produced the event, or null. */
  @Column(name = "TRACE_PARENT", length = 55)
  private String traceParent;

  protected EventRecord() {}

  EventRecord(
      String id,
      String realmId,
      String eventType,
      String payload,
      ProducingRequest producedBy,
      long createdAt) {
    this.id = id;
    this.realmId = realmId;
    this.eventType = eventType;
    this.payload = payload;
    this.issuer = producedBy.issuer();
    this.traceParent = producedBy.traceParent();
    this.createdAt = createdAt;
  }

  public String getId() {
    return id;
  }

  public String getRealmId() {
    return realmId;
  }

  public String getEventType() {
    return eventType;
  }

  public String getPayload() {
    return payload;
  }

  public long getCreatedAt() {
    return createdAt;
  }
}
