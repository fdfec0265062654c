package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

/** Who may do what: reading needs view-events, writing needs manage-events, in that realm. */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class PermissionsIT {

  @InjectRealm(config = TestRealm.class)
  ManagedRealm realm;

  @InjectRealm(ref = "other", config = TestRealm.class)
  ManagedRealm otherRealm;

  @InjectKeycloakUrls KeycloakUrls urls;

  enum Caller {
    NO_TOKEN,
    MALFORMED_TOKEN,
    USER_WITHOUT_ROLES,
    VIEW_EVENTS,
    MANAGE_EVENTS,
    VIEW_AND_MANAGE_EVENTS,
    REALM_ADMIN,
    MASTER_ADMIN,
    OTHER_REALMS_ADMIN
  }

  enum Call {
    LIST,
    GET,
    CREATE,
    UPDATE,
    DELETE,
    LIST_DELIVERIES
  }

  static Stream<Arguments> table() {
    return Stream.of(
        row(Caller.NO_TOKEN, 401, 401, 401, 401, 401, 401),
        row(Caller.MALFORMED_TOKEN, 401, 401, 401, 401, 401, 401),
        row(Caller.USER_WITHOUT_ROLES, 403, 403, 403, 403, 403, 403),
        row(Caller.VIEW_EVENTS, 200, 200, 403, 403, 403, 200),
        // Keycloak's manage-events implies view-events.
        row(Caller.MANAGE_EVENTS, 200, 200, 201, 204, 204, 200),
        row(Caller.VIEW_AND_MANAGE_EVENTS, 200, 200, 201, 204, 204, 200),
        row(Caller.REALM_ADMIN, 200, 200, 201, 204, 204, 200),
        row(Caller.MASTER_ADMIN, 200, 200, 201, 204, 204, 200),
        row(Caller.OTHER_REALMS_ADMIN, 403, 403, 403, 403, 403, 403));
  }

  static Arguments row(Caller caller, int... expected) {
    return Arguments.of(caller, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void eachCallerGetsTheExpectedStatusForEachCall(Caller caller, int[] expected) {
    Http http = new Http(urls.getBase());
    WebhooksApi asAdmin = WebhooksApi.asAdmin(http, realm.getName());
    WebhooksApi asCaller = new WebhooksApi(http, realm.getName(), tokenOf(caller, http));

    for (Call call : Call.values()) {
      String target = asAdmin.create("https://example.com/" + caller, "s3cret", "*");
      int count = asAdmin.list().json().size();

      Http.Response response = perform(asCaller, call, target);

      assertThat(response.status())
          .as("%s by %s: %s", call, caller, response.body())
          .isEqualTo(expected[call.ordinal()]);
      if (response.status() >= 400) {
        assertThat(response.json().get("error").asText()).isNotBlank();
        assertThat(asAdmin.list().json().size()).as("nothing changed").isEqualTo(count);
        assertThat(asAdmin.get(target).json().get("url").asText())
            .isEqualTo("https://example.com/" + caller);
      }
    }
  }

  private static Http.Response perform(WebhooksApi api, Call call, String id) {
    String body = WebhooksApi.webhook("https://example.com/changed", null, "access.*");
    return switch (call) {
      case LIST -> api.list();
      case GET -> api.get(id);
      case CREATE -> api.create(body);
      case UPDATE -> api.update(id, body);
      case DELETE -> api.delete(id);
      case LIST_DELIVERIES -> api.deliveries(id, "");
    };
  }

  private String tokenOf(Caller caller, Http http) {
    return switch (caller) {
      case NO_TOKEN -> null;
      case MALFORMED_TOKEN -> "not-a-jwt";
      case USER_WITHOUT_ROLES -> user(http, "nobody");
      case VIEW_EVENTS -> user(http, "viewer");
      case MANAGE_EVENTS -> user(http, "manager");
      case VIEW_AND_MANAGE_EVENTS -> user(http, "both");
      case REALM_ADMIN -> user(http, "realm-admin");
      case MASTER_ADMIN -> http.adminToken();
      case OTHER_REALMS_ADMIN -> http.userToken(otherRealm.getName(), "realm-admin", "password");
    };
  }

  private String user(Http http, String username) {
    return http.userToken(realm.getName(), username, TestRealm.PASSWORD);
  }
}
