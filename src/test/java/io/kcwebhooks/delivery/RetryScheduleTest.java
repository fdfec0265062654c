package io.kcwebhooks.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryScheduleTest {
  private static final DoubleSupplier MIDDLE = () -> 0.5;
  private static final DoubleSupplier LOWEST = () -> 0.0;
  private static final DoubleSupplier HIGHEST = () -> Math.nextDown(1.0);

  @Test
  void defaultScheduleMakesEightAttempts() {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT, 0.2);

    assertThat(schedule.maxAttempts()).isEqualTo(8);
  }

  @ParameterizedTest(name = "after {0} attempts wait {1}")
  @CsvSource({"1, PT5S", "2, PT5M", "3, PT30M", "4, PT2H", "5, PT5H", "6, PT10H", "7, PT10H"})
  void defaultScheduleDelays(int attemptsMade, Duration expected) {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT, 0.2);

    assertThat(schedule.delayAfterFailedAttempt(attemptsMade, null, MIDDLE)).contains(expected);
  }

  @Test
  void defaultScheduleSpansAboutADay() {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT, 0);
    Duration total = Duration.ZERO;
    for (int attempts = 1; attempts < schedule.maxAttempts(); attempts++) {
      total = total.plus(schedule.delayAfterFailedAttempt(attempts, null, MIDDLE).orElseThrow());
    }

    assertThat(total).isEqualTo(Duration.parse("PT27H35M5S"));
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    RetrySchedule schedule = RetrySchedule.parse("5s,5m", 0.2);

    assertThat(schedule.delayAfterFailedAttempt(2, null, MIDDLE)).isPresent();
    assertThat(schedule.delayAfterFailedAttempt(3, null, MIDDLE)).isEmpty();
    assertThat(schedule.delayAfterFailedAttempt(4, null, MIDDLE)).isEmpty();
  }

  @Test
  void singleItemScheduleRetriesOnce() {
    RetrySchedule schedule = RetrySchedule.parse("10s", 0);

    assertThat(schedule.maxAttempts()).isEqualTo(2);
    assertThat(schedule.delayAfterFailedAttempt(1, null, MIDDLE)).contains(Duration.ofSeconds(10));
    assertThat(schedule.delayAfterFailedAttempt(2, null, MIDDLE)).isEmpty();
  }

  @Test
  void jitterStaysWithinItsFraction() {
    RetrySchedule schedule = RetrySchedule.parse("5m", 0.2);

    assertThat(schedule.delayAfterFailedAttempt(1, null, LOWEST)).contains(Duration.ofMinutes(4));
    assertThat(schedule.delayAfterFailedAttempt(1, null, HIGHEST)).contains(Duration.ofMinutes(6));
  }

  @Test
  void noJitterKeepsDelaysExact() {
    RetrySchedule schedule = RetrySchedule.parse("5m", 0);

    assertThat(schedule.delayAfterFailedAttempt(1, null, LOWEST)).contains(Duration.ofMinutes(5));
    assertThat(schedule.delayAfterFailedAttempt(1, null, HIGHEST)).contains(Duration.ofMinutes(5));
  }

  @ParameterizedTest(name = "Retry-After {0} -> {1}")
  @CsvSource({"PT2M, PT2M", "PT1S, PT5S", "PT5S, PT5S", "PT0S, PT5S", "PT3H, PT1H", "PT1H, PT1H"})
  void honoursRetryAfterUpToTheDefaultCap(Duration retryAfter, Duration expected) {
    RetrySchedule schedule = RetrySchedule.parse("5s", 0);

    assertThat(schedule.delayAfterFailedAttempt(1, retryAfter, MIDDLE)).contains(expected);
  }

  @Test
  void retryAfterCapCanBeChanged() {
    RetrySchedule schedule = RetrySchedule.parse("5s", 0).withMaxRetryAfter(Duration.ofMinutes(10));

    assertThat(schedule.delayAfterFailedAttempt(1, Duration.ofHours(1), MIDDLE))
        .contains(Duration.ofMinutes(10));
    assertThat(schedule.delayAfterFailedAttempt(1, Duration.ofMinutes(2), MIDDLE))
        .contains(Duration.ofMinutes(2));
  }

  @Test
  void retryAfterDoesNotReviveAGivenUpDelivery() {
    RetrySchedule schedule = RetrySchedule.parse("5s", 0);

    assertThat(schedule.delayAfterFailedAttempt(2, Duration.ofMinutes(1), MIDDLE)).isEmpty();
  }

  @Test
  void acceptsWhitespaceAroundItems() {
    RetrySchedule schedule = RetrySchedule.parse(" 1s , 500ms,\t1d ", 0);

    assertThat(schedule.maxAttempts()).isEqualTo(4);
    assertThat(schedule.delayAfterFailedAttempt(1, null, MIDDLE)).contains(Duration.ofSeconds(1));
    assertThat(schedule.delayAfterFailedAttempt(2, null, MIDDLE)).contains(Duration.ofMillis(500));
    assertThat(schedule.delayAfterFailedAttempt(3, null, MIDDLE)).contains(Duration.ofDays(1));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "500ms, PT0.5S",
    "0ms, PT0S",
    "10s, PT10S",
    "5m, PT5M",
    "2h, PT2H",
    "5d, PT120H",
    "' 7s ', PT7S",
    "999999999d, PT23999999976H"
  })
  void parsesDurations(String item, Duration expected) {
    assertThat(RetrySchedule.parseDuration(item)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"", "5", "s", "-5s", "1.5h", "5 s", "5S", "5w", "1m30s", "1000000000s"})
  void rejectsMalformedDurations(String item) {
    assertThatThrownBy(() -> RetrySchedule.parseDuration(item))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + item + "' is not a duration such as 500ms, 10s, 5m, 2h or 1d");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          0s,5x,5m | 2 | 5x
          0s,,5m   | 2 | ""
          0s,5s,   | 3 | ""
          -1s      | 1 | -1s
          0s; 5s   | 1 | 0s; 5s
          """)
  void rejectsMalformedItemsNamingThem(String spec, int position, String item) {
    assertThatThrownBy(() -> RetrySchedule.parse(spec, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "retry schedule item "
                + position
                + ": '"
                + item
                + "' is not a duration such as 500ms, 10s, 5m, 2h or 1d");
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void rejectsEmptySchedules(String spec) {
    assertThatThrownBy(() -> RetrySchedule.parse(spec, 0.2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry schedule must list at least one delay");
  }

  @Test
  void limitsNumberOfItems() {
    String fifty = "1s,".repeat(49) + "1s";

    assertThat(RetrySchedule.parse(fifty, 0).maxAttempts()).isEqualTo(51);
    assertThatThrownBy(() -> RetrySchedule.parse(fifty + ",1s", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retry schedule must list at most 50 delays, not 51");
  }

  @ParameterizedTest(name = "jitter {0}")
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
  void rejectsJitterOutsideZeroToOne(double jitter) {
    assertThatThrownBy(() -> RetrySchedule.parse(RetrySchedule.DEFAULT, jitter))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("jitter must be at least 0 and below 1");
  }

  @Test
  void rejectsAttemptCountBelowOne() {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT, 0);

    assertThatThrownBy(() -> schedule.delayAfterFailedAttempt(0, null, MIDDLE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsNegativeRetryAfterCap() {
    RetrySchedule schedule = RetrySchedule.parse(RetrySchedule.DEFAULT, 0);

    assertThatThrownBy(() -> schedule.withMaxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
