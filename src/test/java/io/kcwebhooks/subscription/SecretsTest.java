package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SecretsTest {

  private static final Duration WINDOW = Duration.ofHours(24);
  private static final long NOW = 1_000_000;

  @Test
  void printingSecretsOrWhatHoldsThemShowsNoSecret() {
    Secrets secrets = Secrets.of("old-secret-value").changedTo("new-secret-value", NOW, WINDOW);
    SendOptions options = new SendOptions(0, true, java.util.Map.of("X-Api-Key", "key-value-1"));

    assertThat(secrets.toString()).doesNotContain("secret-value").contains("(hidden)");
    assertThat(options.toString()).contains("X-Api-Key").doesNotContain("key-value-1");
    assertThat(Secrets.NONE.toString()).contains("current=none");
  }

  @Test
  void aNewSecretKeepsTheOldOneSigningForTheWindow() {
    Secrets rotated = Secrets.of("old").changedTo("new", NOW, WINDOW);

    assertThat(rotated.signingAt(NOW)).containsExactly("new", "old");
    assertThat(rotated.signingAt(NOW + WINDOW.toMillis() - 1)).containsExactly("new", "old");
    assertThat(rotated.signingAt(NOW + WINDOW.toMillis())).containsExactly("new");
  }

  @Test
  void changingAgainKeepsOnlyTheSecretItReplaces() {
    Secrets twice =
        Secrets.of("first").changedTo("second", NOW, WINDOW).changedTo("third", NOW + 5, WINDOW);

    assertThat(twice.signingAt(NOW + 5)).containsExactly("third", "second");
  }

  @Test
  void theSameSecretAgainKeepsTheRotationUnderWay() {
    Secrets rotated = Secrets.of("old").changedTo("new", NOW, WINDOW);

    assertThat(rotated.changedTo("new", NOW + 10, WINDOW)).isEqualTo(rotated);
  }

  @Test
  void removingTheSecretStopsSigningAtOnce() {
    Secrets removed = Secrets.of("old").changedTo(null, NOW, WINDOW);

    assertThat(removed.signingAt(NOW)).isEmpty();
    assertThat(removed.previous()).isNull();
  }

  @Test
  void aFirstSecretHasNothingToKeep() {
    assertThat(Secrets.NONE.changedTo("new", NOW, WINDOW).signingAt(NOW)).containsExactly("new");
  }

  @Test
  void aZeroWindowReplacesTheSecretAtOnce() {
    assertThat(Secrets.of("old").changedTo("new", NOW, Duration.ZERO).signingAt(NOW))
        .containsExactly("new");
  }
}
