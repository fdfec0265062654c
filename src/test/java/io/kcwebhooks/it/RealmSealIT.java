package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Logins;
import io.kcwebhooks.it.support.RealmJson;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.Receivers;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * Realms are tenants. An admin of one realm who learns another realm's webhook id (it reaches
 * receivers) can neither give that id to a webhook of their own, by any path, nor read, resend or
 * replay the other realm's deliveries.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class RealmSealIT {

  private static final String TYPE = RealmJson.WEBHOOKS;
  private static final int EVENTS = 3;

  @InjectRealm(ref = "ra", config = TestRealm.class)
  ManagedRealm ra;

  @InjectRealm(ref = "rb", config = TestRealm.class)
  ManagedRealm rb;

  @InjectKeycloakUrls KeycloakUrls urls;

  @RegisterExtension Receivers receivers = new Receivers();

  @Test
  void aDeletedWebhooksIdGivesAnotherRealmNothing() throws Exception {
    Http http = new Http(urls.getBase());
    Receiver rbReceiver = receivers.start();
    Receiver raReceiver = receivers.start();
    WebhooksApi inRb = WebhooksApi.asAdmin(http, rb.getName());
    String rbWebhook = inRb.create(rbReceiver.url(), "rb-secret-value", "access.CLIENT_LOGIN");
    List<String> rbDeliveries = deliveredIds(http, inRb, rbWebhook);
    inRb.delete(rbWebhook).expect(204);

    String raAdmin = http.userToken(ra.getName(), "realm-admin", TestRealm.PASSWORD);
    String components = "/admin/realms/" + ra.getName() + "/components";
    Map<String, Object> key = keyProvider(rbWebhook);
    Http.Response keyCreated = http.post(components, raAdmin, Json.write(key));
    keyCreated.expect(201);
    String keyId = keyCreated.location().substring(keyCreated.location().lastIndexOf('/') + 1);
    Map<String, Object> webhook = webhookComponent(raReceiver.url());
    webhook.put("id", keyId);
    webhook.put("parentId", ra.getId());
    Http.Response converted = http.put(components + "/" + keyId, raAdmin, Json.write(webhook));
    assertThat(converted.status()).as(converted.body()).isEqualTo(400);

    WebhooksApi inRa = new WebhooksApi(http, ra.getName(), raAdmin);
    inRa.get(rbWebhook).expect(404);
    inRa.deliveries(rbWebhook, "").expect(404);
    inRa.replay(rbWebhook, "?since=2020-01-01T00:00:00Z").expect(404);
    for (String delivery : rbDeliveries) {
      inRa.delivery(rbWebhook, delivery).expect(404);
      inRa.resend(rbWebhook, delivery).expect(404);
    }
    inRb.deliveries(rbWebhook, "").expect(404);
    assertThat(inRa.list().expect(200).json().findValuesAsText("id")).doesNotContain(rbWebhook);
    assertThat(raReceiver.requests()).isEmpty();
    http.delete(components + "/" + keyId, http.adminToken()).expect(204);
  }

  @Test
  void aLiveWebhooksDeliveriesAreReadOnlyThroughItsOwnRealm() throws Exception {
    Http http = new Http(urls.getBase());
    Receiver receiver = receivers.start();
    WebhooksApi inRb = WebhooksApi.asAdmin(http, rb.getName());
    WebhooksApi inRa = WebhooksApi.asAdmin(http, ra.getName());
    String rbWebhook = inRb.create(receiver.url(), "rb-secret-value", "access.CLIENT_LOGIN");
    String raWebhook = inRa.create(receiver.url(), "ra-secret-value", "admin.*");
    List<String> rbDeliveries = deliveredIds(http, inRb, rbWebhook);

    inRa.get(rbWebhook).expect(404);
    inRa.deliveries(rbWebhook, "").expect(404);
    assertThat(inRa.deliveries(raWebhook, "").expect(200).json()).isEmpty();
    for (String delivery : rbDeliveries) {
      inRa.delivery(raWebhook, delivery).expect(404);
      inRa.resend(raWebhook, delivery).expect(404);
      inRb.delivery(rbWebhook, delivery).expect(200);
    }
    assertThat(inRa.deliveries(raWebhook, "").expect(200).json()).isEmpty();
    inRb.delete(rbWebhook).expect(204);
    inRa.delete(raWebhook).expect(204);
  }

  @Test
  void noPathLetsTheCallerChooseAWebhooksId() {
    Http http = new Http(urls.getBase());
    String chosen = UUID.randomUUID().toString();
    Map<String, Object> webhook = webhookComponent("https://example.com/hook");
    webhook.put("id", chosen);
    webhook.remove("providerType"); // a realm file groups components by type instead
    String name = "chosen-ids-" + UUID.randomUUID();
    http.post(
            "/admin/realms", http.adminToken(), RealmJson.realmWithWebhooks(name, List.of(webhook)))
        .expect(201);

    JsonNode webhooks = WebhooksApi.asAdmin(http, name).list().expect(200).json();
    assertThat(webhooks).hasSize(1);
    assertThat(webhooks.get(0).get("id").asText()).isNotEqualTo(chosen).isNotBlank();
    WebhooksApi.asAdmin(http, name).get(chosen).expect(404);
    http.delete("/admin/realms/" + name, http.adminToken()).expect(204);
  }

  /** Produces the events and returns the ids of their deliveries, once all are delivered. */
  private static List<String> deliveredIds(Http http, WebhooksApi api, String webhookId)
      throws Exception {
    Logins.produce(http, api.realm(), EVENTS);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                api.deliveries(webhookId, "?status=delivered").expect(200).json().size() == EVENTS);
    JsonNode deliveries = api.deliveries(webhookId, "").expect(200).json();
    assertThat(deliveries).hasSize(EVENTS);
    return deliveries.findValuesAsText("id");
  }

  private static Map<String, Object> keyProvider(String id) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("id", id);
    key.put("name", "borrowed-id");
    key.put("providerId", "rsa-generated");
    key.put("providerType", "org.keycloak.keys.KeyProvider");
    key.put("config", Map.of("priority", List.of("0")));
    return key;
  }

  private static Map<String, Object> webhookComponent(String url) {
    Map<String, Object> webhook = RealmJson.webhook(url, "ra-secret-value");
    webhook.put("providerType", TYPE);
    return webhook;
  }
}
