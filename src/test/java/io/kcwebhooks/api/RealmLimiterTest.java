package io.kcwebhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealmLimiterTest {

  private final RealmLimiter limiter = new RealmLimiter();

  @Test
  void aBurstPassesThenOneCallPerRefill() {
    long t = 1_000_000;
    for (int i = 0; i < RealmLimiter.BURST; i++) {
      assertThat(limiter.acquire("a", t)).isZero();
    }
    assertThat(limiter.acquire("a", t)).isEqualTo(RealmLimiter.REFILL_MILLIS);
    assertThat(limiter.acquire("a", t + 200)).isEqualTo(RealmLimiter.REFILL_MILLIS - 200);
    assertThat(limiter.acquire("a", t + RealmLimiter.REFILL_MILLIS)).isZero();
    assertThat(limiter.acquire("a", t + RealmLimiter.REFILL_MILLIS)).isPositive();
  }

  @Test
  void realmsHaveTheirOwnBudgets() {
    long t = 5_000;
    for (int i = 0; i < RealmLimiter.BURST; i++) {
      limiter.acquire("a", t);
    }
    assertThat(limiter.acquire("a", t)).isPositive();
    assertThat(limiter.acquire("b", t)).isZero();
  }

  @Test
  void aRefusedCallDoesNotUseTheBudget() {
    long t = 0;
    for (int i = 0; i < RealmLimiter.BURST + 5; i++) {
      limiter.acquire("a", t);
    }
    assertThat(limiter.acquire("a", t + RealmLimiter.REFILL_MILLIS)).isZero();
  }

  @Test
  void aQuietRealmGetsItsWholeBurstBack() {
    for (int i = 0; i < RealmLimiter.BURST; i++) {
      limiter.acquire("a", 0);
    }
    long later = RealmLimiter.BURST * RealmLimiter.REFILL_MILLIS;
    for (int i = 0; i < RealmLimiter.BURST; i++) {
      assertThat(limiter.acquire("a", later)).isZero();
    }
  }
}
