package io.kcwebhooks.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WebhookMatcherTest {

  /** An origin that counts lookups, to show that webhooks without filters cause none. */
  private static final class Origin implements EventOrigin {
    final AtomicInteger lookups = new AtomicInteger();
    final String clientId;
    final String userId;
    final String username;

    Origin(String clientId, String userId, String username) {
      this.clientId = clientId;
      this.userId = userId;
      this.username = username;
    }

    @Override
    public String clientId() {
      lookups.incrementAndGet();
      return clientId;
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public String username() {
      lookups.incrementAndGet();
      return username;
    }
  }

  private static WebhookMatcher matcher(List<String> types, Filters filters) {
    return new WebhookMatcher(new WebhookMatcher.Key(types, filters));
  }

  @Test
  void withoutFiltersOnlyTheTypeCountsAndNothingIsLookedUp() {
    Origin origin = new Origin("app", "u1", "alice");
    WebhookMatcher matcher = matcher(List.of("access.*"), Filters.NONE);

    assertThat(matcher.matches("access.LOGIN", origin)).isTrue();
    assertThat(matcher.matches("admin.USER-CREATE", origin)).isFalse();
    assertThat(origin.lookups).hasValue(0);
  }

  @Test
  void aClientListTakesOnlyThoseClients() {
    WebhookMatcher matcher =
        matcher(List.of("*"), new Filters(List.of("orders-*"), List.of(), List.of()));

    assertThat(matcher.matches("access.LOGIN", new Origin("orders-web", "u1", "a"))).isTrue();
    assertThat(matcher.matches("access.LOGIN", new Origin("billing", "u1", "a"))).isFalse();
    assertThat(matcher.matches("access.LOGIN", new Origin(null, "u1", "a"))).isFalse();
  }

  @Test
  void anExcludedClientWinsOverTheList() {
    WebhookMatcher matcher =
        matcher(
            List.of("admin.*"),
            new Filters(List.of("orders-*"), List.of("orders-service"), List.of()));

    assertThat(matcher.matches("admin.USER-UPDATE", new Origin("orders-service", "u", "s")))
        .isFalse();
    assertThat(matcher.matches("admin.USER-UPDATE", new Origin("orders-admin", "u", "s"))).isTrue();
  }

  @Test
  void anExcludedUserIsKnownByUsernameOrId() {
    WebhookMatcher matcher =
        matcher(List.of("*"), new Filters(List.of(), List.of(), List.of("service-account-*")));

    assertThat(matcher.matches("access.LOGIN", new Origin("app", "id-1", "service-account-x")))
        .isFalse();
    assertThat(matcher.matches("access.LOGIN", new Origin("app", "id-2", "alice"))).isTrue();
    WebhookMatcher byId = matcher(List.of("*"), new Filters(List.of(), List.of(), List.of("id-3")));
    assertThat(byId.matches("access.LOGIN", new Origin("app", "id-3", null))).isFalse();
  }
}
