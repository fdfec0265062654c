package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandingTest {

  @Test
  void aWebhookIsProvenByASuccessAndLosesItByAFailure() {
    Standing standing = new Standing();
    assertThat(standing.isProven("w")).isFalse();

    assertThat(standing.answered("w", "a", true, 0)).isEqualTo(Standing.Change.NONE);
    assertThat(standing.isProven("w")).isTrue();
    assertThat(standing.proven()).containsEntry("w", "a");

    assertThat(standing.answered("w", "a", false, 1)).isEqualTo(Standing.Change.NOW_FAILING);
    assertThat(standing.isProven("w")).isFalse();
    assertThat(standing.failing()).isEqualTo(1);
  }

  @Test
  void aWebhookNotAttemptedForAnHourIsForgotten() {
    Standing standing = new Standing();
    standing.answered("deleted", "a", false, 0);

    standing.answered("other", "a", true, Standing.FORGET_AFTER_MILLIS + 1);

    assertThat(standing.failing()).isZero();
    assertThat(standing.proven()).containsOnlyKeys("other");
  }
}
