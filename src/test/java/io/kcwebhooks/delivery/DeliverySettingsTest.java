package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliverySettingsTest {

  @Test
  void theDefaultsLeaveALeaseLongerThanAnAttempt() {
    assertThatCode(
            () ->
                DeliverySettings.requireLeaseOutlastsAttempt(
                    Duration.ofSeconds(60), Duration.ofSeconds(20)))
        .doesNotThrowAnyException();
  }

  @Test
  void aLeaseOfExactlyTheAttemptTimeoutPlusTheMarginIsEnough() {
    assertThatCode(
            () ->
                DeliverySettings.requireLeaseOutlastsAttempt(
                    Duration.ofSeconds(15), Duration.ofSeconds(5)))
        .doesNotThrowAnyException();
  }

  @Test
  void refusesALeaseThatAnAttemptCouldOutlive() {
    assertThatThrownBy(
            () ->
                DeliverySettings.requireLeaseOutlastsAttempt(
                    Duration.ofSeconds(25), Duration.ofSeconds(20)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "webhook-delivery option lease (25000ms) must be at least attempt-timeout (20000ms)"
                + " + 10s, so that no attempt outlives its lease");
  }

  @Test
  void refusesAZeroAttemptTimeout() {
    assertThatThrownBy(
            () ->
                DeliverySettings.requireLeaseOutlastsAttempt(Duration.ofSeconds(60), Duration.ZERO))
        .hasMessageContaining("attempt-timeout must be positive");
  }
}
