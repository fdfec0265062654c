package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcwebhooks.it.support.EventsDoc;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.OpenApiSchemas;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * {@code GET /webhooks/event-types}: what it lists, who may read it, how webhooks are checked
 * against it, and that real envelopes of every family conform to the schemas it serves and have the
 * fields of the examples in docs/events.md.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class EventCatalogIT extends SharedServerTest {

  @Test
  void theCatalogListsEveryFamilyForViewersOnly() {
    String path = api.path() + "/event-types";
    String viewer = http.userToken(realm.getName(), "viewer", TestRealm.PASSWORD);
    String nobody = http.userToken(realm.getName(), "nobody", TestRealm.PASSWORD);

    JsonNode catalog = http.get(path, viewer).expect(200).json();

    assertThat(catalog.get("types").findValuesAsText("type"))
        .contains("access.LOGIN", "access.CLIENT_LOGIN", "admin.USER-CREATE", "system.PING");
    assertThat(catalog.get("schemas").has("access")).isTrue();
    http.get(path, nobody).expect(403);
    http.get(path, null).expect(401);
  }

  @Test
  void anExpressionNoEventCanMatchIsRefusedWithTheClosestTypes() {
    Http.Response refused =
        api.create(WebhooksApi.webhook("https://example.com/hooks", null, "access.LOGN"))
            .expect(400);

    assertThat(refused.json().get("error").asText())
        .contains("'access.LOGN' matches no event type")
        .contains("access.LOGIN");
    assertThat(api.list().expect(200).json()).isEmpty();
  }

  @Test
  void anUnknownAdminResourceTypeIsKeptAndShownAsUnknown() {
    String id =
        api.create("https://example.com/hooks", null, "admin.USER-*", "admin.ORDERS-CREATE");

    JsonNode webhook = api.get(id).expect(200).json();

    assertThat(webhook.get("unknownEventTypes").toString()).isEqualTo("[\"admin.ORDERS-CREATE\"]");
  }

  @Test
  void realEnvelopesOfEveryFamilyConformToTheServedSchemas() throws Exception {
    JsonNode catalog = http.get(api.path() + "/event-types", http.adminToken()).expect(200).json();
    OpenApiSchemas schemas = new OpenApiSchemas(catalog);
    String admin = "/admin/realms/" + realm.getName();
    ObjectNode config =
        (ObjectNode) http.get(admin + "/events/config", http.adminToken()).expect(200).json();
    config.put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
    http.put(admin + "/events/config", http.adminToken(), config.toString()).expect(204);
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), "catalog-secret", "access.LOGIN", "admin.USER-*");

    http.userToken(realm.getName(), "viewer", TestRealm.PASSWORD);
    http.post(
            admin + "/users",
            http.adminToken(),
            Json.write(Map.of("username", "u-" + UUID.randomUUID(), "enabled", true)))
        .expect(201);
    api.ping(id);

    List<Receiver.Received> received =
        receiver.awaitSettled(r -> true, 3, Duration.ofSeconds(2), Duration.ofSeconds(60));
    assertThat(received)
        .extracting(Receiver.Received::type)
        .containsExactlyInAnyOrder("access.LOGIN", "admin.USER-CREATE", "system.PING");
    for (Receiver.Received event : received) {
      String family = event.type().substring(0, event.type().indexOf('.'));
      JsonNode schema = catalog.get("schemas").get(family);
      assertThat(schemas.problems(Json.read(event.body()), schema))
          .as("%s against the %s schema", event.body(), family)
          .isEmpty();
    }
    Map<String, JsonNode> examples = new HashMap<>();
    EventsDoc.jsonBlocks().subList(0, 3).forEach(e -> examples.put(e.get("type").asText(), e));
    for (Receiver.Received event : received) {
      assertThat(EventsDoc.fieldPaths(Json.read(event.body())))
          .as("the fields of a real %s and of its example in docs/events.md", event.type())
          .isEqualTo(EventsDoc.fieldPaths(examples.get(event.type())));
    }
  }
}
