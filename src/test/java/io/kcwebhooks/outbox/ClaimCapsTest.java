package io.kcwebhooks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimCapsTest {

  @Test
  void saturatedWebhooksAndRealmsAreLeftOutOfTheQuery() {
    ClaimCaps caps = new ClaimCaps(4, 8, Map.of("w1", 4, "w2", 3), Map.of("a", 8, "b", 7));

    assertThat(caps.saturatedWebhooks()).containsExactly("w1");
    assertThat(caps.saturatedRealms()).containsExactly("a");
  }

  @Test
  void aClaimTakesNoMoreOfARealmThanItsRoom() {
    ClaimCaps caps = new ClaimCaps(4, 8, Map.of(), Map.of("a", 6));

    assertThat(caps.admit("w1", "a")).isTrue();
    assertThat(caps.admit("w2", "a")).isTrue();
    assertThat(caps.admit("w3", "a")).isFalse();
    assertThat(caps.admit("w4", "b")).isTrue();
    assertThat(caps.saturatedRealms()).containsExactly("a");
  }

  @Test
  void aClaimTakesNoMoreOfAWebhookThanItsRoom() {
    ClaimCaps caps = new ClaimCaps(2, 8, Map.of("w1", 1), Map.of());

    assertThat(caps.admit("w1", "a")).isTrue();
    assertThat(caps.admit("w1", "a")).isFalse();
    assertThat(caps.admit("w2", "a")).isTrue();
  }
}
