package io.kcwebhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.kcwebhooks.outbox.Attempt;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Delivery;
import io.kcwebhooks.outbox.DeliveryStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A delivery as the delivery log shows it; the payload and attempts only in the detail view. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DeliveryView(
    String id,
    String webhookId,
    String eventType,
    String status,
    int attempts,
    String createdAt,
    String nextAttemptAt,
    String completedAt,
    Integer lastHttpStatus,
    String lastError,
    String heldBack,
    String payload,
    List<AttemptView> attemptLog) {

  /**
   * @param failingSince when the webhook's failure streak began, or null: its pending deliveries
   *     say they are held back
   */
  static DeliveryView summary(Delivery delivery, Long failingSince) {
    return of(delivery, failingSince, null, null);
  }

  static DeliveryView detail(Delivery delivery, Long failingSince, List<Attempt> attempts) {
    String payload =
        new String(
            ClaimedDelivery.bodyOf(delivery.getId(), delivery.getEvent().getPayload()),
            StandardCharsets.UTF_8);
    return of(delivery, failingSince, payload, attempts.stream().map(AttemptView::of).toList());
  }

  private static DeliveryView of(
      Delivery delivery, Long failingSince, String payload, List<AttemptView> attempts) {
    boolean pending = delivery.getStatus() == DeliveryStatus.PENDING;
    return new DeliveryView(
        delivery.getId(),
        delivery.getWebhookId(),
        delivery.getEventType(),
        delivery.getStatus().name().toLowerCase(Locale.ROOT),
        delivery.getAttempts(),
        time(delivery.getCreatedAt()),
        pending ? time(delivery.getNextAttemptAt()) : null,
        delivery.getCompletedAt() == null ? null : time(delivery.getCompletedAt()),
        delivery.getLastHttpStatus(),
        delivery.getLastError(),
        pending && failingSince != null ? heldBack(failingSince) : null,
        payload,
        attempts);
  }

  private static String heldBack(long failingSince) {
    return "its webhook has failed without a success since "
        + time(failingSince)
        + ": until it answers 2xx, it shares the half of the realm's workers kept for webhooks on"
        + " probation, so this attempt may come later than its schedule";
  }

  static String time(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record AttemptView(
      int attempt,
      String startedAt,
      long durationMs,
      Integer httpStatus,
      String error,
      String responseBody) {

    static AttemptView of(Attempt attempt) {
      return new AttemptView(
          attempt.getAttemptNo(),
          time(attempt.getStartedAt()),
          attempt.getDurationMs(),
          attempt.getHttpStatus(),
          attempt.getError(),
          attempt.getResponseExcerpt());
    }
  }
}
