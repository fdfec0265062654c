package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"${ORDERS_SECRET}", "${ORDERS_SECRET:fallback}", "${env.ORDERS_SECRET}", "a${B}c"})
  void aSecretHoldingAPlaceholderIsRefusedWithoutBeingRepeated(String secret) {
    String problem = WebhookRules.secretProblem(secret);

    assertThat(problem).contains("placeholder").doesNotContain(secret).doesNotContain("ORDERS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$ORDERS_SECRET", "{ORDERS_SECRET}", "${unclosed", "pa$${word"})
  void dollarsAndBracesAloneAreFine(String secret) {
    assertThat(WebhookRules.secretProblem(secret)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"**********", "abc***def", "<your-secret>", "CHANGEME", " password "})
  void aMaskedOrPlaceholderSecretIsRefused(String secret) {
    assertThat(WebhookRules.secretProblem(secret)).contains("placeholder or a masked value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"seven77", "aaaaaaaaaaaaaaaa", "whsec_dGVzdA==", "whsec_YWJj"})
  void aNewSecretThatIsTooWeakIsRefused(String secret) {
    assertThat(WebhookRules.newSecretProblem(secret)).isNotNull().doesNotContain(secret);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ofj09saP4", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"})
  void theSpecsExampleAndAStandardKeyAreStrongEnough(String secret) {
    assertThat(WebhookRules.secretProblem(secret)).isNull();
    assertThat(WebhookRules.newSecretProblem(secret)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"ops", "ops@example", "a@b.c, d@e.f", "<ops@example.com>", "ops @example.com"})
  void anAlertEmailMustBeOneAddress(String address) {
    assertThat(WebhookRules.alertEmailProblem(address)).contains("alertEmail");
  }

  @Test
  void aPlainAlertEmailIsAccepted() {
    assertThat(WebhookRules.alertEmailProblem("ops+webhooks@example.com")).isNull();
  }
}
