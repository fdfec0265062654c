package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.outbox.ClaimCaps;
import io.kcwebhooks.outbox.ClaimedDelivery;
import io.kcwebhooks.outbox.Endpoint;
import io.kcwebhooks.outbox.ProducingRequest;
import io.kcwebhooks.subscription.Secrets;
import io.kcwebhooks.subscription.SendOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HeldDeliveriesTest {

  private int serial;

  @Test
  void startsInArrivalOrderWithinTheWorkersAndEachWebhooksAndRealmsShare() {
    HeldDeliveries held = new HeldDeliveries(4, 2, 3, 50);
    prove(held, "a", "w1", "w2");
    prove(held, "b", "w3");
    List<HeldDeliveries.Waiting> offered = new ArrayList<>();
    offered.addAll(waiting("w1", "a", 3));
    offered.addAll(waiting("w2", "a", 2));
    offered.addAll(waiting("w3", "b", 2));
    assertThat(held.offer(offered)).isEmpty();

    List<String> started = webhooksOf(held.takeStartable(0));

    // w1 stops at its 2, realm a at its 3 (so w2 gets one), and b fills the fourth worker.
    assertThat(started).containsExactly("w1", "w1", "w2", "w3");
    assertThat(held.freeWorkers()).isZero();
    assertThat(held.takeStartable(0)).isEmpty();
  }

  @Test
  void aRateLimitedWebhookStartsOneDeliveryPerSlotWhileOthersGoOn() {
    HeldDeliveries held = new HeldDeliveries(8, 4, 8, 50);
    prove(held, "a", "slow", "free");
    held.offer(limited("slow", 10, 3));
    held.offer(waiting("free", "a", 2));

    assertThat(webhooksOf(held.takeStartable(1_000))).containsExactly("slow", "free", "free");
    assertThat(held.nextRateStart()).isEqualTo(1_100);
    assertThat(held.takeStartable(1_099)).isEmpty();
    assertThat(webhooksOf(held.takeStartable(1_100))).containsExactly("slow");
    assertThat(held.takeStartable(1_150)).isEmpty();
    assertThat(webhooksOf(held.takeStartable(1_200))).containsExactly("slow");
    assertThat(held.nextRateStart()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRateLimitedWebhookTakesNoMoreThanItsShareOfTheRoom() {
    HeldDeliveries held = new HeldDeliveries(4, 2, 4, 40);
    prove(held, "a", "slow", "free");

    // A share is what the webhook may send (2) plus a quarter of the room (10).
    assertThat(held.offer(limited("slow", 1, 30))).hasSize(18);
    assertThat(held.offer(waiting("free", "a", 20))).isEmpty();
  }

  @Test
  void aPauseHoldsAWebhookBackUntilItEnds() {
    HeldDeliveries held = new HeldDeliveries(8, 4, 8, 50);
    prove(held, "a", "w1");
    held.pause("w1", 5_000, 1_000);
    held.offer(waiting("w1", "a", 1));

    assertThat(held.takeStartable(4_999)).isEmpty();
    assertThat(held.nextRateStart()).isEqualTo(5_000);
    assertThat(webhooksOf(held.takeStartable(5_000))).containsExactly("w1");
  }

  @Test
  void aFinishedDeliveryLetsTheNextOneOfItsWebhookStart() {
    HeldDeliveries held = new HeldDeliveries(4, 1, 4, 50);
    prove(held, "a", "w1");
    held.offer(waiting("w1", "a", 2));
    HeldDeliveries.Waiting first = held.takeStartable(0).get(0);
    assertThat(held.takeStartable(0)).isEmpty();

    held.finished(first.job());

    assertThat(webhooksOf(held.takeStartable(0))).containsExactly("w1");
  }

  @Test
  void newDeliveriesAreTakenAllOrNoneWithinTheWaitingRoom() {
    HeldDeliveries held = new HeldDeliveries(4, 4, 4, 5);
    prove(held, "a", "w1", "w2");

    assertThat(held.offer(waiting("w1", "a", 3))).isEmpty();
    assertThat(held.offer(waiting("w1", "a", 3))).hasSize(3);
    assertThat(held.offer(waiting("w1", "a", 2))).isEmpty();
    assertThat(held.hasRoomFor(1)).isFalse();
  }

  @Test
  void roomReservedForAClaimIsNotGivenToNewDeliveries() {
    HeldDeliveries held = new HeldDeliveries(4, 4, 4, 5);
    prove(held, "a", "w1", "w2");
    held.offer(waiting("w1", "a", 2));

    int room = held.reserveRoom();

    assertThat(room).isEqualTo(3);
    assertThat(held.offer(waiting("w2", "a", 1))).hasSize(1);
    held.addClaimed(waiting("w2", "a", 1), room, held.claimCaps());
    assertThat(held.offer(waiting("w2", "a", 2))).isEmpty();
  }

  @Test
  void aClaimMayTakeOfAWebhookOrRealmOnlyWhatItsShareOfWaitingAndSendingLeaves() {
    // Per webhook: 2 sending + 40/4 waiting = 12; per realm: 3 sending + 40/2 waiting = 23.
    HeldDeliveries held = new HeldDeliveries(8, 2, 3, 40);
    prove(held, "a", "w1");
    held.offer(waiting("w1", "a", 12));
    held.takeStartable(0);
    ClaimCaps caps = held.claimCaps();

    assertThat(caps.saturatedWebhooks()).containsExactly("w1");
    assertThat(caps.saturatedRealms()).isEmpty();
  }

  @Test
  void aWebhookAClaimFilledCallsForAnotherClaimOnceHalfEmpty() {
    // Per webhook: 1 sending + 8/4 waiting = 3.
    HeldDeliveries held = new HeldDeliveries(8, 1, 8, 8);
    prove(held, "a", "w1");
    int room = held.reserveRoom();
    // What the claim's caps look like once it took 3 of w1: w1 is full.
    ClaimCaps afterClaim =
        new ClaimCaps(
            new ClaimCaps.Limits(3, 9),
            new ClaimCaps.Limits(2, 4),
            Map.of("w1", "a"),
            Map.of("w1", 3),
            Map.of("a", 3),
            Map.of());
    held.addClaimed(waiting("w1", "a", 3), room, afterClaim);

    HeldDeliveries.Waiting first = held.takeStartable(0).get(0);
    assertThat(held.finished(first.job())).isFalse(); // 2 of 3 held: not yet half empty
    HeldDeliveries.Waiting second = held.takeStartable(0).get(0);
    assertThat(held.finished(second.job())).isTrue(); // 1 of 3
    HeldDeliveries.Waiting third = held.takeStartable(0).get(0);
    assertThat(held.finished(third.job())).isFalse(); // asked for once only
  }

  @Test
  void aStoppingNodeTakesEveryWaitingDeliveryBack() {
    HeldDeliveries held = new HeldDeliveries(1, 1, 1, 10);
    prove(held, "a", "w1");
    held.offer(waiting("w1", "a", 3));
    held.takeStartable(0);

    assertThat(held.takeAllWaiting()).hasSize(2);
    assertThat(held.sending()).hasSize(1);
    assertThat(held.claimCaps().saturatedWebhooks()).isEmpty();
    assertThat(held.hasRoomFor(10)).isTrue();
  }

  @Test
  void webhooksOnProbationSendWithinHalfTheRealmsShare() {
    HeldDeliveries held = new HeldDeliveries(16, 4, 8, 50);
    prove(held, "a", "healthy");
    List<HeldDeliveries.Waiting> offered = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      offered.addAll(waiting("new" + i, "a", 1));
    }
    offered.addAll(waiting("healthy", "a", 4));
    assertThat(held.offer(offered)).isEmpty();

    List<String> started = webhooksOf(held.takeStartable(0));

    assertThat(started)
        .containsExactly(
            "new1", "new2", "new3", "new4", "healthy", "healthy", "healthy", "healthy");
  }

  @Test
  void webhooksOnProbationHoldHalfTheRealmsRoomAndTheRestGoBack() {
    // Per realm: 8 sending + 50/2 waiting = 33, half of it on probation: 16.
    HeldDeliveries held = new HeldDeliveries(16, 4, 8, 50);
    prove(held, "a", "healthy");

    assertThat(held.offer(waiting("new1", "a", 10))).isEmpty();
    assertThat(held.offer(waiting("new2", "a", 10))).hasSize(4);
    assertThat(held.offer(waiting("healthy", "a", 10))).isEmpty();
  }

  @Test
  void aFailureHoldsAProvenWebhookBackUntilItAnswersAgain() {
    HeldDeliveries held = new HeldDeliveries(16, 4, 8, 50);
    prove(held, "a", "flaky");

    assertThat(held.answered("flaky", "a", false, 0)).isEqualTo(Standing.Change.NOW_FAILING);
    assertThat(held.answered("flaky", "a", false, 0)).isEqualTo(Standing.Change.NONE);
    held.offer(waiting("flaky", "a", 2));
    held.offer(waiting("down", "a", 4));
    assertThat(webhooksOf(held.takeStartable(0))).containsExactly("flaky", "flaky", "down", "down");
    assertThat(held.heldBackWebhooks()).isEqualTo(1);

    assertThat(held.answered("flaky", "a", true, 0)).isEqualTo(Standing.Change.RECOVERED);

    // flaky's two no longer count against the probation half, so down may send two more.
    assertThat(webhooksOf(held.takeStartable(0))).containsExactly("down", "down");
    assertThat(held.heldBackWebhooks()).isZero();
  }

  @Test
  void aRealmFullOnProbationIsClaimedOnlyForItsProvenWebhooks() {
    // Per realm: 8 sending + 50/2 waiting = 33, half of it on probation: 16.
    HeldDeliveries held = new HeldDeliveries(16, 4, 8, 50);
    prove(held, "a", "healthy");
    for (int i = 1; i <= 8; i++) {
      held.offer(waiting("new" + i, "a", 2));
    }

    ClaimCaps caps = held.claimCaps();

    assertThat(caps.realmsFullOnProbation()).containsExactly("a");
    assertThat(caps.provenWebhooksOf(java.util.Set.of("a"))).containsExactly("healthy");
    assertThat(caps.admit("new9", "a")).isFalse();
    assertThat(caps.admit("healthy", "a")).isTrue();
  }

  private static void prove(HeldDeliveries held, String realmId, String... webhookIds) {
    for (String webhookId : webhookIds) {
      held.answered(webhookId, realmId, true, 0);
    }
  }

  private List<HeldDeliveries.Waiting> waiting(String webhookId, String realmId, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new HeldDeliveries.Waiting(job(webhookId, realmId), Long.MAX_VALUE))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private SendJob job(String webhookId, String realmId) {
    return job(webhookId, realmId, 0);
  }

  private SendJob job(String webhookId, String realmId, int maxRequestsPerSecond) {
    String id = "d" + serial++;
    ClaimedDelivery delivery =
        new ClaimedDelivery(
            id, webhookId, realmId, "access.LOGIN", 1, 1, "t", ProducingRequest.NONE, new byte[0]);
    return new SendJob(delivery, endpoint(webhookId, maxRequestsPerSecond));
  }

  private static Endpoint endpoint(String webhookId, int maxRequestsPerSecond) {
    return new Endpoint(
        webhookId,
        "https://example.com/",
        Secrets.of("s"),
        SendOptions.DEFAULT.withMaxRequestsPerSecond(maxRequestsPerSecond));
  }

  private List<HeldDeliveries.Waiting> limited(String webhookId, int perSecond, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> new HeldDeliveries.Waiting(job(webhookId, "a", perSecond), Long.MAX_VALUE))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private static List<String> webhooksOf(List<HeldDeliveries.Waiting> started) {
    return started.stream().map(w -> w.job().delivery().webhookId()).toList();
  }
}
