package io.kcwebhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One Keycloak event that matched at least one webhook; its payload is stored once. */
@Entity
@Table(name = "WEBHOOK_EVENT")
public class EventRecord {

  @Id
  @Column(name = "ID", length = 36)
  private String id;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "EVENT_TYPE", length = 100, nullable = false)
  private String eventType;

  /** The envelope's JSON without the per-delivery {@code uid}. */
  @Column(name = "PAYLOAD", nullable = false)
  private String payload;

  @Column(name = "CREATED_AT", nullable = false)
  private long createdAt;

  protected EventRecord() {}

  EventRecord(String id, String realmId, String eventType, String payload, long createdAt) {
    this.id = id;
    this.realmId = realmId;
    this.eventType = eventType;
    this.payload = payload;
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
