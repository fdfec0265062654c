package io.kcwebhooks.api;

import io.kcwebhooks.delivery.DeliveryEngineFactory;
import io.kcwebhooks.event.ProducingRequests;
import io.kcwebhooks.outbox.Resends;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The spec's {@code /realms/{realm}/webhooks} resource. */
public class WebhooksResource {

  /** The first segment of the resource path recorded in admin events. */
  static final String PATH = "webhooks";

  static final int REPLAY_BATCH = 500;

  private final KeycloakSession session;
  private final RealmModel realm;
  private final Pings pings;
  private final RealmLimiter limiter;

  WebhooksResource(KeycloakSession session, RealmLimiter limiter) {
    this.session = session;
    this.realm = session.getContext().getRealm();
    this.pings = new Pings(new OutboxAccess(session));
    this.limiter = limiter;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<WebhookView> list() {
    AdminAccess.of(session, realm).requireView();
    return WebhookStore.list(realm).map(WebhookView::of).toList();
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response create(@Context UriInfo uriInfo, InputStream body) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireManage();
    WebhookRequest request = WebhookRequest.read(body);
    // The component factory checks it and sets createdBy and createdAt, as on every other path.
    Webhook created =
        WebhookStore.create(
            realm, WebhookChanges.created(UUID.randomUUID().toString(), realm.getId(), request));
    WebhookView view = WebhookView.of(created);
    audit(access).record(OperationType.CREATE, view, PATH, created.id());
    URI location = uriInfo.getAbsolutePathBuilder().path(created.id()).build();
    return Response.created(location).entity(view).build();
  }

  /** Every event type a webhook can choose, with the JSON Schema of each family's envelope. */
  @GET
  @Path("event-types")
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> eventTypes() {
    AdminAccess.of(session, realm).requireView();
    return EventTypesView.catalog();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public WebhookView get(@PathParam("id") String id) {
    AdminAccess.of(session, realm).requireView();
    return WebhookView.of(existing(id));
  }

  /** Replaces the webhook; what a missing field keeps is {@link WebhookChanges#updated}'s rule. */
  @PUT
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response update(@PathParam("id") String id, InputStream body) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireManage();
    Webhook current = existing(id);
    WebhookRequest request = WebhookRequest.read(body);
    Duration rotationWindow = DeliveryEngineFactory.settings(session).secretRotationWindow();
    Webhook updated =
        WebhookChanges.updated(current, request, System.currentTimeMillis(), rotationWindow);
    WebhookStore.update(realm, updated);
    audit(access).record(OperationType.UPDATE, WebhookView.of(updated), PATH, id);
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireManage();
    Webhook deleted = existing(id);
    WebhookStore.delete(realm, id); // the component factory deletes its deliveries too
    audit(access).record(OperationType.DELETE, WebhookView.of(deleted), PATH, id);
    return Response.noContent().build();
  }

  @Path("{id}/deliveries")
  public DeliveriesResource deliveries(@PathParam("id") String id) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireView();
    return new DeliveriesResource(
        access, new OutboxAccess(session), existing(id), limiter, audit(access));
  }

  /**
   * Queues again every failed delivery created in [since, until), in batches of bounded size, each
   * its own transaction. Deliveries already pending are not touched, so repeating the call sends
   * nothing twice.
   */
  @POST
  @Path("{id}/replay")
  @Produces(MediaType.APPLICATION_JSON)
  public Response replay(
      @PathParam("id") String id,
      @QueryParam("since") String since,
      @QueryParam("until") String until) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireManage();
    DeliveriesResource.requireEnabled(existing(id), "replay to");
    long from = instant("since", since, null);
    long to = instant("until", until, System.currentTimeMillis());
    if (from >= to) {
      throw ApiError.badRequest("since must be before until");
    }
    limiter.require(realm.getId(), "replay");
    OutboxAccess outbox = new OutboxAccess(session);
    int total = 0;
    int batch;
    do {
      batch =
          outbox.queue(
              transaction ->
                  Resends.of(transaction)
                      .replayFailed(
                          realm.getId(), id, from, to, REPLAY_BATCH, System.currentTimeMillis()));
      total += batch;
    } while (batch == REPLAY_BATCH);
    Map<String, Object> outcome =
        Map.of("since", DeliveryView.time(from), "until", DeliveryView.time(to), "replayed", total);
    audit(access).record(OperationType.ACTION, outcome, PATH, id, "replay");
    return Response.accepted(Map.of("replayed", total)).build();
  }

  /**
   * Queues a signed {@code system.PING}, tried once, and answers 202 at once with the delivery; its
   * outcome is read from the delivery log.
   */
  @POST
  @Path("{id}/test")
  @Produces(MediaType.APPLICATION_JSON)
  public Response test(@PathParam("id") String id) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireManage();
    Webhook webhook = existing(id);
    limiter.require(realm.getId(), "ping");
    DeliveryView queued =
        pings.queue(realm.getId(), realm.getName(), ProducingRequests.of(session, realm), webhook);
    audit(access).record(OperationType.ACTION, Map.of("deliveryId", queued.id()), PATH, id, "test");
    return Response.accepted(queued).build();
  }

  private static long instant(String name, String value, Long fallback) {
    if (value == null || value.isEmpty()) {
      if (fallback == null) {
        throw ApiError.badRequest(name + " is required, as an ISO-8601 time");
      }
      return fallback;
    }
    try {
      return OffsetDateTime.parse(value).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      // Years far beyond what milliseconds since 1970 hold parse, then overflow.
      throw ApiError.badRequest(name + " must be an ISO-8601 time such as 2026-01-31T12:00:00Z");
    }
  }

  private Webhook existing(String id) {
    return WebhookStore.find(realm, id)
        .orElseThrow(() -> ApiError.notFound("no webhook with id " + id + " in this realm"));
  }

  private AuditTrail audit(AdminAccess access) {
    return new AuditTrail(session, realm, access);
  }

  static String now() {
    return OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
