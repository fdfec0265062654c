package io.kcwebhooks.api;

import io.kcwebhooks.delivery.AddressRules;
import io.kcwebhooks.outbox.OutboxStore;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookRules;
import io.kcwebhooks.subscription.WebhookStore;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** The spec's {@code /realms/{realm}/webhooks} resource. */
public class WebhooksResource {

  private final KeycloakSession session;
  private final RealmModel realm;
  private final AddressRules addressRules;

  WebhooksResource(KeycloakSession session, AddressRules addressRules) {
    this.session = session;
    this.realm = session.getContext().getRealm();
    this.addressRules = addressRules;
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
    Webhook webhook =
        checked(
            new Webhook(
                UUID.randomUUID().toString(),
                realm.getId(),
                request.enabled() == null || request.enabled(),
                request.url(),
                emptyToNull(request.secret()),
                orEmpty(request.eventTypes()),
                access.userId(),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)));
    Webhook created = store(() -> WebhookStore.create(realm, webhook));
    URI location = uriInfo.getAbsolutePathBuilder().path(created.id()).build();
    return Response.created(location).entity(WebhookView.of(created)).build();
  }

  @GET
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public WebhookView get(@PathParam("id") String id) {
    AdminAccess.of(session, realm).requireView();
    return WebhookView.of(existing(id));
  }

  /**
   * Replaces the webhook. A missing {@code secret} keeps the stored one and an empty one removes
   * it; a missing {@code enabled} keeps the current state, so that a client cannot re-enable a
   * webhook by accident.
   */
  @PUT
  @Path("{id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Response update(@PathParam("id") String id, InputStream body) {
    AdminAccess.of(session, realm).requireManage();
    Webhook current = existing(id);
    WebhookRequest request = WebhookRequest.read(body);
    Webhook updated =
        checked(
            new Webhook(
                current.id(),
                current.realmId(),
                request.enabled() == null ? current.enabled() : request.enabled(),
                request.url(),
                request.secret() == null ? current.secret() : emptyToNull(request.secret()),
                orEmpty(request.eventTypes()),
                current.createdBy(),
                current.createdAt()));
    store(
        () -> {
          WebhookStore.update(realm, updated);
          return updated;
        });
    return Response.noContent().build();
  }

  @DELETE
  @Path("{id}")
  public Response delete(@PathParam("id") String id) {
    AdminAccess.of(session, realm).requireManage();
    existing(id);
    WebhookStore.delete(realm, id);
    return Response.noContent().build();
  }

  @Path("{id}/deliveries")
  public DeliveriesResource deliveries(@PathParam("id") String id) {
    AdminAccess access = AdminAccess.of(session, realm);
    access.requireView();
    existing(id);
    return new DeliveriesResource(access, outbox(), id);
  }

  private OutboxStore outbox() {
    return new OutboxStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
  }

  private Webhook existing(String id) {
    return WebhookStore.find(realm, id)
        .orElseThrow(() -> ApiError.notFound("no webhook with id " + id + " in this realm"));
  }

  private Webhook checked(Webhook webhook) {
    String problem = WebhookRules.problemWith(webhook);
    if (problem == null) {
      problem = addressRules.refusalForLiteralHost(URI.create(webhook.url()).getHost());
    }
    if (problem != null) {
      throw ApiError.badRequest(problem);
    }
    return webhook;
  }

  private static Webhook store(Supplier<Webhook> write) {
    try {
      return write.get();
    } catch (ComponentValidationException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
