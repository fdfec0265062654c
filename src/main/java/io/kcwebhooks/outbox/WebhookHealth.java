package io.kcwebhooks.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Since when a webhook's endpoint has failed without a success in between, for auto-disabling. Kept
 * apart from the webhook itself because it changes with delivery outcomes, and every change of a
 * webhook component invalidates the realm cache.
 */
@Entity
@Table(name = "WEBHOOK_HEALTH")
public class WebhookHealth {

  @Id
  @Column(name = "WEBHOOK_ID", length = 36)
  private String webhookId;

  @Column(name = "REALM_ID", length = 36, nullable = false)
  private String realmId;

  @Column(name = "FAILING_SINCE")
  private Long failingSince;

  protected WebhookHealth() {}

  WebhookHealth(String webhookId, String realmId, long failingSince) {
    this.webhookId = webhookId;
    this.realmId = realmId;
    this.failingSince = failingSince;
  }

  public Long getFailingSince() {
    return failingSince;
  }
}
