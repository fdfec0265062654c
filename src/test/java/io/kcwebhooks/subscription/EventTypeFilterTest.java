package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventTypeFilterTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "*, access.LOGIN, true",
    "*, admin.USER-CREATE, true",
    "access.*, access.LOGIN, true",
    "access.*, access.LOGIN_ERROR, true",
    "access.*, admin.USER-CREATE, false",
    "admin.*, admin.REALM_ROLE_MAPPING-DELETE, true",
    "admin.*, access.LOGIN, false",
    "admin.CLIENT-*, admin.CLIENT-CREATE, true",
    "admin.CLIENT-*, admin.CLIENT-UPDATE, true",
    "admin.CLIENT-*, admin.CLIENT-, true",
    "admin.CLIENT-*, admin.CLIENT_SCOPE-CREATE, false",
    "admin.CLIENT-*, admin.CLIENT, false",
    "admin.CLIENT-*, access.CLIENT_LOGIN, false",
    "access.LOGIN*, access.LOGIN_ERROR, true",
    "access.LOGIN, access.LOGIN, true",
    "access.LOGIN, access.LOGIN_ERROR, false",
    "access.LOGIN, access.CLIENT_LOGIN, false",
    "admin.USER-CREATE, admin.USER-CREATE, true",
    "admin.USER-CREATE, admin.USER-UPDATE, false",
    "admin.USER-CREATE, access.USER-CREATE, false",
    "admin-USER-CREATE, admin.USER-CREATE, true",
    "admin-CLIENT-*, admin.CLIENT-CREATE, true",
    "admin-CLIENT-*, admin.CLIENT_SCOPE-CREATE, false",
    "access-LOGIN, access.LOGIN, true",
    "access-*, access.CLIENT_LOGIN, true",
    "access.login, access.LOGIN, true",
    "ACCESS.Login, access.LOGIN, true",
    "Admin-user-create, admin.USER-CREATE, true",
    "admin.client-*, admin.CLIENT-DELETE, true",
    "access.LOGIN, access.login, true",
    "*, system.WEBHOOK_DISABLED, false",
    "*, system.PING, false",
    "system.*, system.WEBHOOK_DISABLED, true",
    "system.*, access.LOGIN, false",
    "system.WEBHOOK_DISABLED, system.WEBHOOK_DISABLED, true",
  })
  void matchesSingleExpression(String expression, String eventType, boolean expected) {
    assertThat(EventTypeFilter.of(List.of(expression)).matches(eventType)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "access.LOGIN, true",
    "admin.USER-CREATE, true",
    "admin.CLIENT-UPDATE, true",
    "admin.USER-UPDATE, false",
    "access.LOGOUT, false",
    "admin.CLIENT_SCOPE-CREATE, false",
  })
  void matchesWhenAnyExpressionMatches(String eventType, boolean expected) {
    EventTypeFilter filter =
        EventTypeFilter.of(List.of("access.LOGIN", "admin-USER-CREATE", "admin.CLIENT-*"));

    assertThat(filter.matches(eventType)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      value = {
        "*",
        "access.*",
        "admin.*",
        "admin.CLIENT-*",
        "admin-USER-CREATE",
        "access.LOGIN",
        "access.login",
        "AdMiN.USER-CREATE",
        "access.-",
        "admin.CLIENT_SCOPE-*",
      },
      delimiter = '|')
  void acceptsValidExpressions(String expression) {
    assertThat(EventTypeFilter.problemWith(List.of(expression))).isNull();
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          **                | it must be '*' or start with 'access.', 'admin.' or 'system.'
          admin.*.*         | '*' is only allowed at the end
          admin.**          | '*' is only allowed at the end
          admin.FOO*BAR     | '*' is only allowed at the end
          foo.*             | it must be '*' or start with 'access.', 'admin.' or 'system.'
          admin             | it must be '*' or start with 'access.', 'admin.' or 'system.'
          adminUSER-CREATE  | it must be '*' or start with 'access.', 'admin.' or 'system.'
          .*                | it must be '*' or start with 'access.', 'admin.' or 'system.'
          ""                | it must be '*' or start with 'access.', 'admin.' or 'system.'
          " *"              | it must be '*' or start with 'access.', 'admin.' or 'system.'
          admin.            | an event type or '*' must follow the category
          access-           | an event type or '*' must follow the category
          admin.USER CREATE | ' ' is not allowed; event types use letters, digits, '_' and '-'
          admin.(USER)      | '(' is not allowed; event types use letters, digits, '_' and '-'
          admin.USER?CREATE | '?' is not allowed; event types use letters, digits, '_' and '-'
          admin.USER.CREATE | '.' is not allowed; event types use letters, digits, '_' and '-'
          """)
  void rejectsInvalidExpressions(String expression, String reason) {
    assertThat(EventTypeFilter.problemWith(List.of("access.LOGIN", expression)))
        .isEqualTo("eventTypes[1] '" + expression + "' is not a valid expression: " + reason);
  }

  @Test
  void limitsExpressionLength() {
    String longest = "admin." + "A".repeat(EventTypeFilter.MAX_EXPRESSION_LENGTH - 6);
    String tooLong = longest + "*";

    assertThat(EventTypeFilter.problemWith(List.of(longest))).isNull();
    assertThat(EventTypeFilter.problemWith(List.of(tooLong)))
        .isEqualTo(
            "eventTypes[0] '"
                + tooLong
                + "' is not a valid expression: "
                + "it is longer than 100 characters");
  }

  @Test
  void rejectsMissingAndEmptyLists() {
    assertThat(EventTypeFilter.problemWith(null))
        .isEqualTo("eventTypes must list at least one expression");
    assertThat(EventTypeFilter.problemWith(List.of()))
        .isEqualTo("eventTypes must list at least one expression");
  }

  @Test
  void rejectsNullEntries() {
    assertThat(EventTypeFilter.problemWith(Arrays.asList("access.*", null)))
        .isEqualTo("eventTypes[1] must not be null");
  }

  @Test
  void limitsNumberOfExpressions() {
    List<String> most = Collections.nCopies(EventTypeFilter.MAX_EXPRESSIONS, "access.LOGIN");
    List<String> tooMany = new ArrayList<>(most);
    tooMany.add("admin.*");

    assertThat(EventTypeFilter.problemWith(most)).isNull();
    assertThat(EventTypeFilter.problemWith(tooMany))
        .isEqualTo("eventTypes must list at most 50 expressions, not 51");
  }

  @Test
  void ofRejectsInvalidExpressionsWithTheSameMessage() {
    assertThatThrownBy(() -> EventTypeFilter.of(List.of("admin.FOO*BAR")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(EventTypeFilter.problemWith(List.of("admin.FOO*BAR")));
    assertThatThrownBy(() -> EventTypeFilter.of(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eventTypes must list at least one expression");
  }

  @Test
  void longEventTypeAgainstManyPrefixesIsMatchedCorrectly() {
    List<String> expressions = new ArrayList<>();
    for (int length = 1; length < EventTypeFilter.MAX_EXPRESSIONS; length++) {
      expressions.add("admin." + "A".repeat(length) + "B*");
    }
    String eventType = "admin." + "A".repeat(1_000_000);

    assertThat(EventTypeFilter.of(expressions).matches(eventType)).isFalse();
    expressions.add("admin." + "A".repeat(90) + "*");
    assertThat(EventTypeFilter.of(expressions).matches(eventType)).isTrue();
  }
}
