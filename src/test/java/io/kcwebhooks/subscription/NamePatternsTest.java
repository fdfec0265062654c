package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamePatternsTest {

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
    "orders-service, orders-service, true",
    "orders-service, orders-service-2, false",
    "orders-*, orders-service, true",
    "orders-*, orders-, true",
    "orders-*, billing, false",
    "*, anything, true",
    "Orders, orders, false",
    "https://sp.example.com/*, https://sp.example.com/saml, true"
  })
  void clientIdsMatchExactlyOrByPrefixWithCase(String pattern, String clientId, boolean matches) {
    assertThat(NamePatterns.ofClients(List.of(pattern)).matches(clientId)).isEqualTo(matches);
  }

  @Test
  void usernamesMatchWhateverTheCase() {
    NamePatterns users = NamePatterns.ofUsers(List.of("Svc-*", "alice"));

    assertThat(users.matches("svc-orders")).isTrue();
    assertThat(users.matches("ALICE")).isTrue();
    assertThat(users.matches("bob")).isFalse();
  }

  @Test
  void aMissingNameMatchesNothingNotEvenAStar() {
    assertThat(NamePatterns.ofClients(List.of("*")).matches(null)).isFalse();
  }

  @Test
  void noPatternsIsEmptyAndMatchesNothing() {
    NamePatterns none = NamePatterns.ofClients(List.of());

    assertThat(none.isEmpty()).isTrue();
    assertThat(none.matches("app")).isFalse();
  }

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a,b | clients[0] 'a,b' must not contain commas or control characters",
        "or*ders | clients[0] 'or*ders' may use '*' only at the end",
        "' ' | clients[0] must not be empty"
      })
  void invalidPatternsAreNamedWithTheirField(String pattern, String message) {
    assertThat(NamePatterns.problemWith("clients", List.of(pattern))).isEqualTo(message);
  }

  @Test
  void nullEntriesAndOverlongListsAreRefused() {
    assertThat(NamePatterns.problemWith("excludeUsers", Arrays.asList("x", null)))
        .isEqualTo("excludeUsers[1] must not be empty");
    assertThat(NamePatterns.problemWith("clients", Collections.nCopies(51, "app")))
        .isEqualTo("clients must list at most 50 names, not 51");
    assertThat(NamePatterns.problemWith("clients", List.of("a".repeat(256))))
        .isEqualTo("clients[0] must be at most 255 characters");
    assertThat(NamePatterns.problemWith("clients", List.of("orders-*", "admin-cli"))).isNull();
  }
}
