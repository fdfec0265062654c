package io.kcwebhooks.api;

import io.kcwebhooks.outbox.Delivery;
import io.kcwebhooks.outbox.DeliveryLog;
import io.kcwebhooks.outbox.DeliveryStatus;
import io.kcwebhooks.outbox.FailureStreaks;
import io.kcwebhooks.outbox.Resends;
import io.kcwebhooks.subscription.Webhook;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keycloak.events.admin.OperationType;

/** The delivery log of one webhook: {@code /realms/{realm}/webhooks/{id}/deliveries}. */
public class DeliveriesResource {

  static final int MAX_PAGE = 100;

  private final AdminAccess access;
  private final OutboxAccess outbox;
  private final Webhook webhook;
  private final String realmId;
  private final String webhookId;
  private final RealmLimiter limiter;
  private final AuditTrail audit;

  DeliveriesResource(
      AdminAccess access,
      OutboxAccess outbox,
      Webhook webhook,
      RealmLimiter limiter,
      AuditTrail audit) {
    this.access = access;
    this.outbox = outbox;
    this.webhook = webhook;
    this.realmId = webhook.realmId();
    this.webhookId = webhook.id();
    this.limiter = limiter;
    this.audit = audit;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<DeliveryView> list(
      @QueryParam("first") String first,
      @QueryParam("max") String max,
      @QueryParam("status") String status,
      @QueryParam("type") String type) {
    access.requireView();
    DeliveryStatus wanted = status(status);
    int from = first(first);
    int size = max(max);
    return outbox.read(
        session -> {
          Long failingSince = FailureStreaks.of(session).failingSince(webhookId);
          return DeliveryLog.of(session).list(realmId, webhookId, wanted, type, from, size).stream()
              .map(delivery -> DeliveryView.summary(delivery, failingSince))
              .toList();
        });
  }

  @GET
  @Path("{deliveryId}")
  @Produces(MediaType.APPLICATION_JSON)
  public DeliveryView get(@PathParam("deliveryId") String deliveryId) {
    access.requireView();
    return outbox.read(
        session -> {
          DeliveryLog log = DeliveryLog.of(session);
          return DeliveryView.detail(
              existing(log, deliveryId),
              FailureStreaks.of(session).failingSince(webhookId),
              log.attemptsOf(deliveryId));
        });
  }

  /**
   * Sends the delivery again under the same id. A delivery still pending is left as it is, so a
   * second click does not send it twice.
   */
  @POST
  @Path("{deliveryId}/resend")
  @Produces(MediaType.APPLICATION_JSON)
  public Response resend(@PathParam("deliveryId") String deliveryId) {
    access.requireManage();
    requireEnabled(webhook, "resend to");
    limiter.require(realmId, "resend");
    boolean queued =
        outbox.queue(
            session ->
                Resends.of(session)
                    .resend(
                        existing(DeliveryLog.of(session), deliveryId), System.currentTimeMillis()));
    Map<String, Object> outcome = Map.of("id", deliveryId, "status", "pending", "queued", queued);
    audit.record(
        OperationType.ACTION,
        outcome,
        WebhooksResource.PATH,
        webhookId,
        "deliveries",
        deliveryId,
        "resend");
    return Response.accepted(outcome).build();
  }

  /**
   * Resends and replays are refused while a webhook is disabled: the claim would end them unsent at
   * once. A test ping still goes out, so that an admin can check the endpoint before enabling.
   */
  static void requireEnabled(Webhook webhook, String what) {
    if (!webhook.enabled()) {
      throw ApiError.conflict(
          "webhook " + webhook.id() + " is disabled: enable it to " + what + " it");
    }
  }

  private Delivery existing(DeliveryLog log, String deliveryId) {
    return log.find(realmId, webhookId, deliveryId)
        .orElseThrow(
            () -> ApiError.notFound("no delivery with id " + deliveryId + " for this webhook"));
  }

  private static DeliveryStatus status(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return DeliveryStatus.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("status must be one of pending, delivered, failed");
    }
  }

  private static int first(String value) {
    return number("first", value, 0, 0, Integer.MAX_VALUE);
  }

  private static int max(String value) {
    return number("max", value, 20, 1, MAX_PAGE);
  }

  /** Parsed here rather than by JAX-RS, which answers 404 to a query parameter it cannot read. */
  private static int number(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
  }
}
