package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

  private static final long SECOND = 1_000_000;

  @Test
  void noSecondHoldsMoreStartsThanTheLimit() {
    RateLimits rates = new RateLimits();

    long startsInFirstSecond =
        IntStream.range(0, 1_000)
            .filter(millis -> rates.tryStart("w", 20, millis * 1_000L))
            .count();

    assertThat(startsInFirstSecond).isEqualTo(20);
  }

  @Test
  void anUnlimitedWebhookAlwaysStarts() {
    RateLimits rates = new RateLimits();

    assertThat(IntStream.range(0, 100).allMatch(i -> rates.tryStart("w", 0, 5))).isTrue();
  }

  @Test
  void anIdleWebhookDoesNotSaveUpABurst() {
    RateLimits rates = new RateLimits();
    rates.tryStart("w", 10, 0);

    assertThat(rates.tryStart("w", 10, 10 * SECOND)).isTrue();
    assertThat(rates.tryStart("w", 10, 10 * SECOND + 1)).isFalse();
    assertThat(rates.nextStartOf("w")).isEqualTo(10 * SECOND + SECOND / 10);
  }

  @Test
  void aPauseWinsOverTheLimit() {
    RateLimits rates = new RateLimits();
    rates.pause("w", 3 * SECOND, 0);

    assertThat(rates.tryStart("w", 1_000, 2 * SECOND)).isFalse();
    assertThat(rates.tryStart("w", 0, 3 * SECOND)).isTrue();
  }

  @Test
  void aShorterPauseDoesNotCutALongerOneShort() {
    RateLimits rates = new RateLimits();
    rates.pause("w", 5 * SECOND, 0);
    rates.pause("w", 1 * SECOND, 0);

    assertThat(rates.nextStartOf("w")).isEqualTo(5 * SECOND);
  }
}
