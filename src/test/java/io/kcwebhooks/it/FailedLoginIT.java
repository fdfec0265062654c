package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * A failed login is delivered although the request that produced it fails: Keycloak sends error
 * events in a transaction of their own, and the listener enqueues in that one.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class FailedLoginIT extends SharedServerTest {

  @Test
  void aLoginWithAWrongPasswordIsDeliveredAsLoginError() throws Exception {
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), null, "access.LOGIN_ERROR");

    HttpResponse<String> refused = passwordLogin("nobody", "wrong-password");

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(Json.read(refused.body()).get("error").asText()).isEqualTo("invalid_grant");
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
    JsonNode event = Json.read(receiver.requests().get(0).body());
    assertThat(event.get("type").asText()).isEqualTo("access.LOGIN_ERROR");
    assertThat(event.get("error").asText()).isEqualTo("invalid_user_credentials");
    assertThat(event.at("/details/username").asText()).isEqualTo("nobody");
    assertThat(api.deliveredTypes(id)).containsExactly("access.LOGIN_ERROR");
  }

  /** A password grant that Keycloak refuses; the test's Http client only knows successful ones. */
  private HttpResponse<String> passwordLogin(String username, String password) throws Exception {
    String form =
        "grant_type=password&client_id="
            + TestRealm.CLIENT
            + "&client_secret="
            + TestRealm.CLIENT_SECRET
            + "&username="
            + URLEncoder.encode(username, StandardCharsets.UTF_8)
            + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    urls.getBase()
                        + "/realms/"
                        + realm.getName()
                        + "/protocol/openid-connect/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }
}
