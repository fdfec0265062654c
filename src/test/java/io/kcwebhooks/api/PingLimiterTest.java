package io.kcwebhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PingLimiterTest {

  private final PingLimiter limiter = new PingLimiter();

  @Test
  void aBurstPassesThenOnePingPerRefill() {
    long t = 1_000_000;
    for (int i = 0; i < PingLimiter.BURST; i++) {
      assertThat(limiter.acquire("a", t)).isZero();
    }
    assertThat(limiter.acquire("a", t)).isEqualTo(PingLimiter.REFILL_MILLIS);
    assertThat(limiter.acquire("a", t + 4_000)).isEqualTo(PingLimiter.REFILL_MILLIS - 4_000);
    assertThat(limiter.acquire("a", t + PingLimiter.REFILL_MILLIS)).isZero();
    assertThat(limiter.acquire("a", t + PingLimiter.REFILL_MILLIS)).isPositive();
  }

  @Test
  void webhooksHaveTheirOwnBudgets() {
    long t = 5_000;
    for (int i = 0; i < PingLimiter.BURST; i++) {
      limiter.acquire("a", t);
    }
    assertThat(limiter.acquire("a", t)).isPositive();
    assertThat(limiter.acquire("b", t)).isZero();
  }

  @Test
  void aRefusedPingDoesNotUseTheBudget() {
    long t = 0;
    for (int i = 0; i < PingLimiter.BURST + 5; i++) {
      limiter.acquire("a", t);
    }
    assertThat(limiter.acquire("a", t + PingLimiter.REFILL_MILLIS)).isZero();
  }

  @Test
  void aQuietWebhookGetsItsWholeBurstBack() {
    for (int i = 0; i < PingLimiter.BURST; i++) {
      limiter.acquire("a", 0);
    }
    long later = PingLimiter.BURST * PingLimiter.REFILL_MILLIS;
    for (int i = 0; i < PingLimiter.BURST; i++) {
      assertThat(limiter.acquire("a", later)).isZero();
    }
  }
}
