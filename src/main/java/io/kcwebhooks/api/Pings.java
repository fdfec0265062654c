package io.kcwebhooks.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.delivery.DeliverySettings;
import io.kcwebhooks.outbox.Delivery;
import io.kcwebhooks.outbox.DeliveryLog;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.Enqueuer;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.EventCatalog;
import io.kcwebhooks.subscription.Webhook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Test pings: a {@code system.PING} delivery queued like any other (signed, address-vetted, logged)
 * but tried once, whose outcome the caller waits for.
 */
final class Pings {

  static final String TYPE = EventCatalog.PING;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 25;

  private final OutboxAccess outbox;
  private final long waitMillis;

  Pings(OutboxAccess outbox, DeliverySettings settings) {
    this.outbox = outbox;
    // Long enough for one whole attempt, which attempt-timeout bounds, to end and be recorded.
    this.waitMillis =
        settings.attemptTimeout().toMillis() + settings.pollInterval().toMillis() + 2_000;
  }

  /**
   * @param producedBy what this request passes on to the ping, such as the realm's URL
   */
  DeliveryView send(
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
    long deadline = now + waitMillis;
    DeliveryView view = current(deliveryId);
    while (view.status().equals("pending") && System.currentTimeMillis() < deadline) {
      pause();
      view = current(deliveryId);
    }
    return view;
  }

  private DeliveryView current(String deliveryId) {
    return outbox.read(
        session -> {
          DeliveryLog log = DeliveryLog.of(session);
          Delivery delivery = log.find(deliveryId);
          return delivery.getStatus() == DeliveryStatus.PENDING
              ? DeliveryView.summary(delivery)
              : DeliveryView.detail(delivery, log.attemptsOf(deliveryId));
        });
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

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the ping", e);
    }
  }
}
