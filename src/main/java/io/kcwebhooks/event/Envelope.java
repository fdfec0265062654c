package io.kcwebhooks.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.outbox.EventRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;

/**
 * The JSON body receivers get, in the shape of the spec's system so that its receivers keep
 * working. The per-delivery {@code uid} is added when the body is sent, not here.
 *
 * <p>An envelope always fits the outbox's payload column, so that a large event can never fail the
 * transaction that produced it (a user's login, an administrator's change).
 */
public final class Envelope {

  private static final ObjectMapper JSON =
      new ObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  /**
   * The fields whose size nothing bounds, in the order they are left out of an envelope that is too
   * long. The others are ids, names, a time, a request path and an error code: a few hundred
   * characters at most.
   */
  private static final List<String> UNBOUNDED = List.of("representation", "details");

  private Envelope() {}

  public static String of(Event event, String realmName) {
    Map<String, Object> auth = new LinkedHashMap<>();
    auth.put("realmId", event.getRealmId());
    auth.put("clientId", event.getClientId());
    auth.put("userId", event.getUserId());
    auth.put("ipAddress", event.getIpAddress());
    auth.put("sessionId", event.getSessionId());

    Map<String, Object> body =
        common(event.getId(), event.getTime(), event.getRealmId(), realmName);
    body.put("type", EventTypes.of(event));
    body.put("authDetails", auth);
    body.put("details", event.getDetails());
    body.put("error", event.getError());
    return fitted(body);
  }

  public static String of(AdminEvent event, String realmName, boolean includeRepresentation) {
    Map<String, Object> body =
        common(event.getId(), event.getTime(), event.getRealmId(), realmName);
    body.put("type", EventTypes.of(event));
    body.put("authDetails", authDetails(event.getAuthDetails()));
    body.put("resourceType", event.getResourceTypeAsString());
    body.put("operationType", event.getOperationType().name());
    body.put("resourcePath", event.getResourcePath());
    body.put("representation", includeRepresentation ? event.getRepresentation() : null);
    body.put("details", event.getDetails());
    body.put("error", event.getError());
    return fitted(body);
  }

  /**
   * The body's JSON, with unbounded fields left out while it is longer than the payload column
   * takes; {@code omitted} names those left out.
   */
  private static String fitted(Map<String, Object> body) {
    String json = write(body);
    List<String> omitted = new ArrayList<>();
    for (String field : UNBOUNDED) {
      if (json.length() <= EventRecord.MAX_PAYLOAD_CHARS) {
        break;
      }
      if (body.remove(field) != null) {
        omitted.add(field);
        body.put("omitted", omitted);
        json = write(body);
      }
    }
    return json;
  }

  private static Map<String, Object> common(
      String id, long time, String realmId, String realmName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("time", time);
    body.put("realmId", realmId);
    body.put("realmName", realmName);
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
