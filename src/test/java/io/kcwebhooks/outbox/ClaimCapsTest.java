package io.kcwebhooks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimCapsTest {

  @Test
  void saturatedWebhooksAndRealmsAreLeftOutOfTheQuery() {
    ClaimCaps caps = proven(Map.of("w1", 4, "w2", 3), Map.of("a", 8, "b", 7));

    assertThat(caps.saturatedWebhooks()).containsExactly("w1");
    assertThat(caps.saturatedRealms()).containsExactly("a");
  }

  @Test
  void aClaimTakesNoMoreOfARealmThanItsRoom() {
    ClaimCaps caps = proven(Map.of(), Map.of("a", 6));

    assertThat(caps.admit("w1", "a")).isTrue();
    assertThat(caps.admit("w2", "a")).isTrue();
    assertThat(caps.admit("w3", "a")).isFalse();
    assertThat(caps.admit("w4", "b")).isTrue();
    assertThat(caps.saturatedRealms()).containsExactly("a");
  }

  @Test
  void aClaimTakesNoMoreOfAWebhookThanItsRoom() {
    ClaimCaps caps = proven(Map.of("w1", 3), Map.of());

    assertThat(caps.admit("w1", "a")).isTrue();
    assertThat(caps.admit("w1", "a")).isFalse();
    assertThat(caps.admit("w2", "a")).isTrue();
  }

  @Test
  void aWebhookOnProbationHasItsOwnLimitAndSoHaveAllOfARealmsTogether() {
    ClaimCaps caps =
        new ClaimCaps(
            new ClaimCaps.Limits(4, 8),
            new ClaimCaps.Limits(2, 3),
            Map.of("w1", "a"),
            Map.of("new1", 1),
            Map.of("a", 1),
            Map.of("a", 1));

    assertThat(caps.admit("new1", "a")).isTrue();
    assertThat(caps.admit("new1", "a")).isFalse();
    assertThat(caps.admit("new2", "a")).isTrue();
    assertThat(caps.admit("new3", "a")).isFalse();
    assertThat(caps.admit("w1", "a")).isTrue();
    assertThat(caps.saturatedWebhooks()).containsExactly("new1");
    assertThat(caps.realmsFullOnProbation()).containsExactly("a");
  }

  /** Limits of 4 per webhook and 8 per realm, every webhook named in the busy counts proven. */
  private static ClaimCaps proven(
      Map<String, Integer> webhookBusy, Map<String, Integer> realmBusy) {
    Map<String, String> proven = new HashMap<>();
    for (String webhook : List.of("w1", "w2", "w3", "w4")) {
      proven.put(webhook, "a");
    }
    return new ClaimCaps(
        new ClaimCaps.Limits(4, 8),
        new ClaimCaps.Limits(2, 4),
        proven,
        webhookBusy,
        realmBusy,
        Map.of());
  }
}
