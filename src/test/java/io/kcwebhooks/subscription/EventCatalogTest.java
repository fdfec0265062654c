package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCatalogTest {

  @Test
  void theCatalogHoldsUserAdminAndSystemTypes() {
    assertThat(EventCatalog.accessTypes()).contains("access.LOGIN", "access.LOGIN_ERROR");
    assertThat(EventCatalog.adminTypes())
        .contains("admin.USER-CREATE", "admin.CLIENT-DELETE", "admin.REALM_ROLE_MAPPING-ACTION");
    assertThat(EventCatalog.systemTypes())
        .containsExactly("system.PING", "system.WEBHOOK_DISABLED");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*",
        "access.*",
        "access.LOGIN",
        "access.login_error",
        "access.LOGIN*",
        "admin.*",
        "admin.CLIENT-*",
        "admin-USER-CREATE",
        "admin.ORDERS_EXTENSION-CREATE",
        "admin.ORDERS*"
      })
  void expressionsThatCanMatchSomeEventAreAccepted(String expression) {
    assertThat(EventCatalog.problemWith(List.of(expression))).isNull();
  }

  @Test
  void aMisspelledUserTypeIsRefusedWithTheClosestKnownTypes() {
    String problem = EventCatalog.problemWith(List.of("access.*", "access.LOGN"));

    assertThat(problem)
        .startsWith("eventTypes[1] 'access.LOGN' matches no event type this Keycloak emits")
        .contains("closest: access.LOGIN");
  }

  @Test
  void anAdminTypeWithoutAKnownOperationIsRefused() {
    assertThat(EventCatalog.problemWith(List.of("admin.NONE")))
        .startsWith("eventTypes[0] 'admin.NONE' matches no event type");
    assertThat(EventCatalog.problemWith(List.of("admin.USER-CREATED")))
        .contains("closest: admin.USER-CREATE");
    assertThat(EventCatalog.problemWith(List.of("access.NOPE*")))
        .startsWith("eventTypes[0] 'access.NOPE*' matches no event type");
  }

  @Test
  void onlyExpressionsOutsideTheCatalogAreReportedUnknown() {
    assertThat(
            EventCatalog.unknown(
                List.of("*", "admin.CLIENT-*", "admin.ORDERS-CREATE", "admin.ORDERS*")))
        .containsExactly("admin.ORDERS-CREATE", "admin.ORDERS*");
  }

  @Test
  void namesFollowTheWebhookConvention() {
    assertThat(EventCatalog.accessType("LOGIN")).isEqualTo("access.LOGIN");
    assertThat(EventCatalog.adminType("USER", "CREATE")).isEqualTo("admin.USER-CREATE");
  }
}
