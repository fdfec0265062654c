package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.OpenApiSchemas;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.SharedServerTest;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhookServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

/**
 * Keeps {@code docs/openapi.json} true: every documented operation is called on the running server,
 * with and without a token, and must answer one of its documented statuses, with a body of the
 * documented media type that conforms to the documented schema.
 */
@KeycloakIntegrationTest(config = WebhookServerConfig.class)
class OpenApiIT extends SharedServerTest {

  record Operation(String path, String method, JsonNode spec) {}

  @Test
  void everyDocumentedOperationAnswersAsDocumented() throws Exception {
    JsonNode doc = Json.read(Files.readString(Path.of("docs/openapi.json")));
    Receiver receiver = receivers.start();
    String id = api.create(receiver.url(), "s3cret-value", "*");
    http.clientToken(realm.getName(), TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.deliveries(id, "?status=delivered").json().size() == 1);
    String deliveryId = api.deliveries(id, "?status=delivered").json().get(0).get("id").asText();
    Map<String, String> pathValues =
        Map.of(
            "{realm}",
            realm.getName(),
            "{id}",
            id,
            "{deliveryId}",
            deliveryId,
            "{asset}",
            "console.js");

    OpenApiSchemas schemas = new OpenApiSchemas(doc);
    List<Operation> operations = operations(doc);
    assertThat(operations).hasSizeGreaterThanOrEqualTo(10);
    for (Operation operation : operations) {
      String url = url(operation, pathValues);
      Http.Response anonymous = call(http, operation, url, null);
      assertAnswersAsDocumented(schemas, operation, "without a token " + url, anonymous);
      Http.Response response = call(http, operation, url, http.adminToken());
      assertAnswersAsDocumented(schemas, operation, url, response);
      assertThat(response.status())
          .as("%s %s: %s", operation.method(), url, response)
          .isLessThan(300);
    }
  }

  /** The status is documented, and so are the body's media type and shape for that status. */
  private static void assertAnswersAsDocumented(
      OpenApiSchemas schemas, Operation operation, String call, Http.Response response) {
    String what = operation.method() + " " + call + " answered " + response;
    JsonNode documented =
        operation.spec().get("responses").get(Integer.toString(response.status()));
    assertThat(documented).as("%s: status not documented", what).isNotNull();
    JsonNode content = schemas.resolve(documented).get("content");
    if (content == null) {
      assertThat(response.body()).as("%s: documented without a body", what).isEmpty();
      return;
    }
    String mediaType = response.contentType().split(";")[0].trim();
    List<String> documentedTypes = new ArrayList<>();
    content.fieldNames().forEachRemaining(documentedTypes::add);
    assertThat(documentedTypes).as("%s: media type", what).contains(mediaType);
    JsonNode schema = content.get(mediaType).get("schema");
    if (mediaType.equals("application/json")) {
      assertThat(schemas.problems(Json.read(response.body()), schema))
          .as("%s: body does not match the documented schema", what)
          .isEmpty();
    } else {
      assertThat(schema.get("type").asText()).isEqualTo("string");
      assertThat(response.body()).as(what).isNotEmpty();
    }
  }

  /** Every operation, with DELETE last so that the others still find the webhook. */
  private static List<Operation> operations(JsonNode doc) {
    List<Operation> operations = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
        if (!method.getKey().equals("parameters")) {
          operations.add(new Operation(path.getKey(), method.getKey(), method.getValue()));
        }
      }
    }
    operations.sort(Comparator.comparing(op -> op.method().equals("delete")));
    return operations;
  }

  private static String url(Operation operation, Map<String, String> pathValues) {
    String path = operation.path();
    for (Map.Entry<String, String> value : pathValues.entrySet()) {
      path = path.replace(value.getKey(), value.getValue());
    }
    StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
    JsonNode parameters = operation.spec().get("parameters");
    if (parameters != null) {
      for (JsonNode parameter : parameters) {
        if (parameter.get("in").asText().equals("query") && parameter.has("example")) {
          query.add(parameter.get("name").asText() + "=" + parameter.get("example").asText());
        }
      }
    }
    return path + query;
  }

  private static Http.Response call(Http http, Operation operation, String url, String token) {
    JsonNode body = operation.spec().at("/requestBody/content/application~1json/example");
    String json = body.isMissingNode() ? "" : body.toString();
    return switch (operation.method()) {
      case "get" -> http.get(url, token);
      case "post" -> http.post(url, token, json);
      case "put" -> http.put(url, token, json);
      case "delete" -> http.delete(url, token);
      default -> throw new IllegalStateException("undocumented method " + operation.method());
    };
  }
}
