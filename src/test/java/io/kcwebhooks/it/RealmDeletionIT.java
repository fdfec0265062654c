package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receivers;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Deleting a realm deletes its deliveries and their attempts. The delivery log is read by webhook
 * id, so the realm is created again with the same realm id and the same webhook id: anything the
 * deletion left behind would show up in the new webhook's log.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class RealmDeletionIT {

  private static final String REALM = "deleted-with-its-deliveries";
  private static final int EVENTS = 3;

  @InjectKeycloakUrls KeycloakUrls urls;

  @RegisterExtension final Receivers receivers = new Receivers();

  @Test
  void aRealmCreatedAgainAfterDeletionHasNoneOfTheOldDeliveries() throws Exception {
    Http http = new Http(urls.getBase());
    deleteRealmIfPresent(http);
    Receiver receiver = receivers.start();
    receiver.answerNext(503);
    String webhookId = UUID.randomUUID().toString();
    String realmJson = realmWithWebhook(UUID.randomUUID().toString(), webhookId, receiver);
    WebhooksApi api = WebhooksApi.asAdmin(http, REALM);

    http.post("/admin/realms", http.adminToken(), realmJson).expect(201);
    for (int i = 0; i < EVENTS; i++) {
      http.clientToken(REALM, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.deliveries(webhookId, "?status=delivered").expect(200).json().size() == EVENTS);
    JsonNode deliveries = api.deliveries(webhookId, "").expect(200).json();
    String retried = retriedDeliveryId(api, webhookId, deliveries);

    http.delete("/admin/realms/" + REALM, http.adminToken()).expect(204);
    http.post("/admin/realms", http.adminToken(), realmJson).expect(201);

    assertThat(api.get(webhookId).expect(200).json().get("url").asText()).isEqualTo(receiver.url());
    assertThat(api.deliveries(webhookId, "").expect(200).json()).isEmpty();
    api.delivery(webhookId, retried).expect(404);
    http.delete("/admin/realms/" + REALM, http.adminToken()).expect(204);
  }

  /** The delivery whose first attempt got the 503: it has two attempts to be deleted. */
  private static String retriedDeliveryId(WebhooksApi api, String webhookId, JsonNode deliveries) {
    for (JsonNode delivery : deliveries) {
      if (delivery.get("attempts").asInt() == 2) {
        String id = delivery.get("id").asText();
        assertThat(api.delivery(webhookId, id).expect(200).json().get("attemptLog")).hasSize(2);
        return id;
      }
    }
    throw new AssertionError("no delivery was retried: " + deliveries);
  }

  private static void deleteRealmIfPresent(Http http) {
    int status = http.delete("/admin/realms/" + REALM, http.adminToken()).status();
    assertThat(status).as("deleting a realm left by an earlier run").isIn(204, 404);
  }

  /** The realm as an import: fixed realm and webhook ids, the listener on, a client for events. */
  private static String realmWithWebhook(String realmId, String webhookId, Receiver receiver) {
    Map<String, Object> webhook =
        Map.of(
            "id",
            webhookId,
            "name",
            "webhook",
            "providerId",
            "webhook",
            "config",
            Map.of(
                "url",
                List.of(receiver.url()),
                "enabled",
                List.of("true"),
                "eventTypes",
                List.of("access.CLIENT_LOGIN")));
    return Json.write(
        Map.of(
            "id",
            realmId,
            "realm",
            REALM,
            "enabled",
            true,
            "eventsListeners",
            List.of("ext-event-webhook"),
            "clients",
            List.of(
                Map.of(
                    "clientId",
                    TestRealm.CLIENT,
                    "secret",
                    TestRealm.CLIENT_SECRET,
                    "publicClient",
                    false,
                    "serviceAccountsEnabled",
                    true)),
            "components",
            Map.of("io.kcwebhooks.subscription.WebhookComponent", List.of(webhook))));
  }
}
