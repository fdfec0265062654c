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
    String payload,
    List<AttemptView> attemptLog) {

  static DeliveryView summary(Delivery delivery) {
    return of(delivery, null, null);
  }

  static DeliveryView detail(Delivery delivery, List<Attempt> attempts) {
    String payload =
        new String(
            ClaimedDelivery.bodyOf(delivery.getId(), delivery.getEvent().getPayload()),
            StandardCharsets.UTF_8);
    return of(delivery, payload, attempts.stream().map(AttemptView::of).toList());
  }

  private static DeliveryView of(Delivery delivery, String payload, List<AttemptView> attempts) {
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
        payload,
        attempts);
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
