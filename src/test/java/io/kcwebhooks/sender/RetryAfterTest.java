package io.kcwebhooks.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2015-10-21T07:20:00Z");

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          120                            | PT2M
          0                              | PT0S
          " 30 "                         | PT30S
          Wed, 21 Oct 2015 07:28:00 GMT  | PT8M
          Wed, 21 Oct 2015 07:20:00 GMT  | PT0S
          Wed, 21 Oct 2015 07:00:00 GMT  | PT0S
          Tue, 20 Oct 2015 07:28:00 GMT  | PT0S
          Thu, 22 Oct 2015 07:20:00 GMT  | PT24H
          """)
  void parsesSecondsAndDates(String headerValue, Duration expected) {
    assertThat(RetryAfter.parse(headerValue, NOW)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        " ",
        "-5",
        "+5",
        "1.5",
        "soon",
        "99999999999999999999",
        "2015-10-21T07:28:00Z",
        "Wed, 21 Oct 2015 07:28:00",
        "Wed, 32 Oct 2015 07:28:00 GMT"
      })
  void ignoresAbsentOrUnusableValues(String headerValue) {
    assertThat(RetryAfter.parse(headerValue, NOW)).isNull();
  }
}
