package io.kcwebhooks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.outbox.DeliveryLog;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Enqueuer;
import io.kcwebhooks.outbox.FailureStreaks;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.EventCatalog;
import io.kcwebhooks.subscription.Webhook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test pings: a {@code system.PING} delivery queued like any other (signed, address-vetted, logged)
 * but tried once. The API answers as soon as it is queued; its outcome is read from the delivery
 * log, so no request thread waits on a receiver.
 */
final class Pings {

  static final String TYPE = EventCatalog.PING;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutboxAccess outbox;

  Pings(OutboxAccess outbox) {
    this.outbox = outbox;
  }

  /**
   * @param producedBy what this request passes on to the ping, such as the realm's URL
   * @return the queued delivery, still pending
   */
  DeliveryView queue(
      String realmId, String realmName, ProducingRequest producedBy, Webhook webhook) {
    String webhookId = webhook.id();
    Endpoint endpoint = Endpoint.of(webhook);
    long now = System.currentTimeMillis();
    String deliveryId =
        outbox
            .queueNew(
                session ->
                    Enqueuer.of(session)
                        .enqueue(
                            realmId,
                            TYPE,
                            payload(realmId, realmName, webhookId, now),
                            producedBy,
                            List.of(endpoint),
                            now))
            .get(0)
            .id();
    return outbox.read(
        session ->
            DeliveryView.summary(
                DeliveryLog.of(session).find(realmId, webhookId, deliveryId).orElseThrow(),
                FailureStreaks.of(session).failingSince(webhookId)));
  }

  private static String payload(String realmId, String realmName, String webhookId, long now) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", UUID.randomUUID().toString());
    body.put("time", now);
    body.put("realmId", realmId);
    body.put("realmName", realmName);
    body.put("type", TYPE);
    body.put("details", Map.of("webhookId", webhookId));
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
