package io.kcwebhooks.event;

import static io.kcwebhooks.outbox.EventRecord.MAX_PAYLOAD_CHARS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;

class EnvelopeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void anAdminEventCarriesItsRepresentationWhenItFits() throws Exception {
    JsonNode body =
        read(Envelope.of(clientCreated("{\"clientId\":\"app\"}", Map.of()), "demo", true));

    assertThat(body.get("type").asText()).isEqualTo("admin.CLIENT-CREATE");
    assertThat(body.get("resourcePath").asText()).isEqualTo("clients/c1");
    assertThat(body.get("representation").asText()).isEqualTo("{\"clientId\":\"app\"}");
    assertThat(body.has("omitted")).isFalse();
  }

  @Test
  void everyEnvelopeNamesItsRealm() throws Exception {
    JsonNode body = read(Envelope.of(clientCreated("{}", Map.of()), "demo", false));

    assertThat(body.get("realmName").asText()).isEqualTo("demo");
  }

  @Test
  void anEnvelopeOfExactlyTheColumnsLengthIsKeptWhole() throws Exception {
    int withEmpty = Envelope.of(clientCreated("", Map.of()), "demo", true).length();
    String fits = "x".repeat(MAX_PAYLOAD_CHARS - withEmpty);

    String envelope = Envelope.of(clientCreated(fits, Map.of()), "demo", true);

    assertThat(envelope).hasSize(MAX_PAYLOAD_CHARS);
    assertThat(read(envelope).get("representation").asText()).isEqualTo(fits);
  }

  @Test
  void aRepresentationOneCharacterTooLongIsLeftOutAndNamed() throws Exception {
    int withEmpty = Envelope.of(clientCreated("", Map.of()), "demo", true).length();
    String tooLong = "x".repeat(MAX_PAYLOAD_CHARS - withEmpty + 1);

    String envelope = Envelope.of(clientCreated(tooLong, Map.of("note", "kept")), "demo", true);

    JsonNode body = read(envelope);
    assertThat(envelope.length()).isLessThanOrEqualTo(MAX_PAYLOAD_CHARS);
    assertThat(body.has("representation")).isFalse();
    assertThat(body.get("omitted").toString()).isEqualTo("[\"representation\"]");
    assertThat(body.get("details").get("note").asText()).isEqualTo("kept");
    assertThat(body.get("resourcePath").asText()).isEqualTo("clients/c1");
    assertThat(body.get("authDetails").get("userId").asText()).isEqualTo("admin-1");
  }

  @Test
  void theLengthThatCountsIsTheWrittenJsonWithItsEscapes() throws Exception {
    String quotes = "\"".repeat(MAX_PAYLOAD_CHARS / 2 + 1);

    JsonNode body = read(Envelope.of(clientCreated(quotes, Map.of()), "demo", true));

    assertThat(body.has("representation")).isFalse();
    assertThat(body.get("omitted").toString()).isEqualTo("[\"representation\"]");
  }

  @Test
  void detailsAreLeftOutTooWhenTheEnvelopeStillDoesNotFit() throws Exception {
    String huge = "x".repeat(MAX_PAYLOAD_CHARS);

    String envelope = Envelope.of(clientCreated(huge, Map.of("huge", huge)), "demo", true);

    JsonNode body = read(envelope);
    assertThat(envelope.length()).isLessThanOrEqualTo(MAX_PAYLOAD_CHARS);
    assertThat(body.has("representation")).isFalse();
    assertThat(body.has("details")).isFalse();
    assertThat(body.get("omitted").toString()).isEqualTo("[\"representation\",\"details\"]");
    assertThat(body.get("type").asText()).isEqualTo("admin.CLIENT-CREATE");
  }

  @Test
  void aUserEventWhoseDetailsDoNotFitKeepsEverythingElse() throws Exception {
    Event event = new Event();
    event.setId("e1");
    event.setTime(1_795_000_000_000L);
    event.setType(EventType.LOGIN);
    event.setRealmId("realm-1");
    event.setUserId("user-1");
    event.setDetails(Map.of("username", "x".repeat(MAX_PAYLOAD_CHARS)));

    String envelope = Envelope.of(event, "demo");

    JsonNode body = read(envelope);
    assertThat(envelope.length()).isLessThanOrEqualTo(MAX_PAYLOAD_CHARS);
    assertThat(body.has("details")).isFalse();
    assertThat(body.get("omitted").toString()).isEqualTo("[\"details\"]");
    assertThat(body.get("type").asText()).isEqualTo("access.LOGIN");
    assertThat(body.get("authDetails").get("userId").asText()).isEqualTo("user-1");
  }

  @Test
  void aRepresentationTheRealmLeavesOutIsNotNamedAsOmitted() throws Exception {
    JsonNode body =
        read(Envelope.of(clientCreated("x".repeat(MAX_PAYLOAD_CHARS), Map.of()), "demo", false));

    assertThat(body.has("representation")).isFalse();
    assertThat(body.has("omitted")).isFalse();
  }

  private static AdminEvent clientCreated(String representation, Map<String, String> details) {
    AuthDetails auth = new AuthDetails();
    auth.setRealmId("master");
    auth.setClientId("admin-cli");
    auth.setUserId("admin-1");
    auth.setIpAddress("127.0.0.1");
    AdminEvent event = new AdminEvent();
    event.setId("a1");
    event.setTime(1_795_000_000_000L);
    event.setRealmId("realm-1");
    event.setAuthDetails(auth);
    event.setResourceType(ResourceType.CLIENT);
    event.setOperationType(OperationType.CREATE);
    event.setResourcePath("clients/c1");
    event.setRepresentation(representation);
    event.setDetails(details);
    return event;
  }

  private static JsonNode read(String json) throws Exception {
    return JSON.readTree(json);
  }
}
