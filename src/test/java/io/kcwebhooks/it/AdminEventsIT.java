package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Every change made through the webhooks API is an admin event of resource type WEBHOOK in the
 * realm's admin event store, with who did it and a representation that never holds the secret.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class AdminEventsIT extends SharedServerTest {

  private static final String FIRST_SECRET = "first-audited-secret";
  private static final String SECOND_SECRET = "second-audited-secret";

  @Test
  void everyChangeIsAnAdminEventWithoutTheSecret() throws Exception {
    String realmPath = "/admin/realms/" + realm.getName();
    ObjectNode config =
        (ObjectNode) http.get(realmPath + "/events/config", http.adminToken()).expect(200).json();
    config.put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
    http.put(realmPath + "/events/config", http.adminToken(), config.toString()).expect(204);
    http.delete(realmPath + "/admin-events", http.adminToken()).expect(204);
    Receiver receiver = receivers.start();

    String id = api.create(receiver.url(), FIRST_SECRET, "access.LOGIN");
    api.update(id, WebhooksApi.webhook(receiver.url() + "/v2", SECOND_SECRET, "access.*"))
        .expect(204);
    String ping = api.ping(id);
    api.awaitFinished(id, ping);
    api.resend(id, ping).expect(202);
    api.replay(id, "?since=2020-01-01T00:00:00Z").expect(202);
    api.delete(id).expect(204);

    List<JsonNode> events = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              events.clear();
              http.get(realmPath + "/admin-events?max=100", http.adminToken())
                  .expect(200)
                  .json()
                  .forEach(
                      event -> {
                        if (event.get("resourceType").asText().equals("WEBHOOK")) {
                          events.add(0, event); // the store answers newest first
                        }
                      });
              return events.size() >= 6;
            });

    String path = "webhooks/" + id;
    assertThat(events)
        .extracting(e -> e.get("operationType").asText() + " " + e.get("resourcePath").asText())
        .containsExactly(
            "CREATE " + path,
            "UPDATE " + path,
            "ACTION " + path + "/test",
            "ACTION " + path + "/deliveries/" + ping + "/resend",
            "ACTION " + path + "/replay",
            "DELETE " + path);
    String adminId =
        http.get("/admin/realms/master/users?exact=true&username=admin", http.adminToken())
            .expect(200)
            .json()
            .get(0)
            .get("id")
            .asText();
    assertThat(events)
        .allSatisfy(
            e -> assertThat(e.get("authDetails").get("userId").asText()).isEqualTo(adminId));
    JsonNode created = Json.read(events.get(0).get("representation").asText());
    assertThat(created.get("url").asText()).isEqualTo(receiver.url());
    assertThat(created.has("secret")).isFalse();
    assertThat(Json.read(events.get(1).get("representation").asText()).get("url").asText())
        .isEqualTo(receiver.url() + "/v2");
    String everything =
        http.get(realmPath + "/admin-events?max=100", http.adminToken()).expect(200).body();
    assertThat(everything).doesNotContain(FIRST_SECRET).doesNotContain(SECOND_SECRET);
  }
}
