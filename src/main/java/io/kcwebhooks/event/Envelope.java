package io.kcwebhooks.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;

/**
 * The JSON body receivers get, in the shape of the spec's system so that its receivers keep
 * working. The per-delivery {@code uid} is added when the body is sent, not here.
 */
public final class Envelope {

  private static final ObjectMapper JSON =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  private Envelope() {}

  public static String of(Event event) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("realmId", event.getRealmId());
    auth.put("clientId", event.getClientId());
    auth.put("userId", event.getUserId());
    auth.put("ipAddress", event.getIpAddress());
    auth.put("sessionId", event.getSessionId());

    Map<String, Object> body = common(event.getId(), event.getTime(), event.getRealmId());
    body.put("type", EventTypes.of(event));
    body.put("authDetails", auth);
    body.put("details", event.getDetails());
    body.put("error", event.getError());
    return write(body);
  }

  public static String of(AdminEvent event, boolean includeRepresentation) {
    Map<String, Object> body = common(event.getId(), event.getTime(), event.getRealmId());
    body.put("type", EventTypes.of(event));
    body.put("authDetails", authDetails(event.getAuthDetails()));
    body.put("resourceType", event.getResourceTypeAsString());
    body.put("operationType", event.getOperationType().name());
    body.put("resourcePath", event.getResourcePath());
    body.put("representation", includeRepresentation ? event.getRepresentation() : null);
    body.put("details", event.getDetails());
    body.put("error", event.getError());
    return write(body);
  }

  private static Map<String, Object> common(String id, long time, String realmId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("time", time);
    body.put("realmId", realmId);
    return body;
  }

  private static Map<String, Object> authDetails(AuthDetails details) {
    if (details == null) {
      return null;
    }
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("realmId", details.getRealmId());
    auth.put("clientId", details.getClientId());
    auth.put("userId", details.getUserId());
    auth.put("ipAddress", details.getIpAddress());
    return auth;
  }

  private static String write(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event envelope could not be written", e);
    }
  }
}
