package io.kcwebhooks.outbox;

import java.nio.charset.StandardCharsets;

/**
 * A delivery this node has leased for one attempt, with the exact body to send.
 *
 * @param attemptNo the number this attempt will have, starting at 1
 */
public record ClaimedDelivery(
    String id,
    String webhookId,
    String realmId,
    String eventType,
    int attemptNo,
    String claimToken,
    byte[] body) {

  /**
   * The envelope with the delivery's id spliced in as {@code uid}, so that every delivery of one
   * event shares the stored payload and every retry sends identical bytes.
   */
  public static byte[] bodyOf(String deliveryId, String payload) {
    String rest = payload.substring(1);
    String separator = rest.startsWith("}") ? "" : ",";
    return ("{\"uid\":\"" + deliveryId + "\"" + separator + rest).getBytes(StandardCharsets.UTF_8);
  }
}
