package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AlertMailBudgetTest {

  @Test
  void aRealmGetsFiveEmailsAnHourAndAnotherRealmItsOwnFive() {
    AlertMailBudget budget = new AlertMailBudget();
    for (int i = 0; i < AlertMailBudget.PER_HOUR; i++) {
      assertThat(budget.take("a", i)).isTrue();
    }

    assertThat(budget.take("a", 10)).isFalse();
    assertThat(budget.take("b", 10)).isTrue();
    assertThat(budget.take("a", 3_600_000)).isTrue();
    assertThat(budget.take("a", 3_600_000)).isFalse();
  }
}
