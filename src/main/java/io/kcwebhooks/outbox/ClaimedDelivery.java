package io.kcwebhooks.outbox;

import java.nio.charset.StandardCharsets;

/**
 * A delivery this node has leased for one attempt, with the exact body to send.
 *
 * @param attemptNo the number this attempt will have in the delivery's log, starting at 1
 * @param scheduleStep the number of this attempt since the delivery was last queued, which picks
 *     the retry delay
 * @param producedBy what the request that produced the event passes on to its deliveries
 */
public record ClaimedDelivery(
    String id,
    String webhookId,
    String realmId,
    String eventType,
    int attemptNo,
    int scheduleStep,
    String claimToken,
    ProducingRequest producedBy,
    byte[] body) {

  /** The same delivery under a renewed lease. */
  public ClaimedDelivery withClaimToken(String token) {
    return new ClaimedDelivery(
        id, webhookId, realmId, eventType, attemptNo, scheduleStep, token, producedBy, body);
  }

  /**
   * Test pings get one attempt and no retries, go even to a disabled webhook, and do not count
   * towards its health.
   */
  public boolean isTestPing() {
    return isTestPing(eventType);
  }

  public static boolean isTestPing(String eventType) {
    return TEST_PING.equals(eventType);
  }

  private static final String TEST_PING = "system.PING";

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
