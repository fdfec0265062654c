package io.kcwebhooks.api;

import io.kcwebhooks.delivery.DeliveryEngineFactory;
import io.kcwebhooks.delivery.DeliverySettings;
import io.kcwebhooks.outbox.Purge;
import io.kcwebhooks.subscription.Webhook;
import io.kcwebhooks.subscription.WebhookComponent;
import io.kcwebhooks.subscription.WebhookComponentProviderFactory;
import io.kcwebhooks.subscription.WebhookComponents;
import io.kcwebhooks.subscription.WebhookRules;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.keycloak.Config;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The gate every stored webhook passes, whichever way it comes: this extension's API, a realm
 * created with components ({@code POST /admin/realms}), another component rewritten into a webhook
 * through Keycloak's component endpoint, or a realm import at start-up or by {@code kc.sh import}.
 *
 * <p>Keycloak calls {@link #validateConfiguration} before it writes a new or changed component,
 * imports included, and then stores the very model it passed, so the gate also stamps {@code
 * createdBy} and {@code createdAt} there. {@code onCreate} would be too late (the row is written)
 * and imports never call it. Being internal, webhooks are neither listed, changed nor deleted by
 * Keycloak's component endpoint, which only asks for {@code manage-realm}; partial import ignores
 * components.
 */
public class WebhookComponentFactory implements WebhookComponentProviderFactory {

  /** {@code createdBy} of a webhook imported without a caller, when its file names nobody. */
  static final String IMPORTED_BY = "realm-import";

  private static final String CREATING = "kcwebhooks.realm-being-created.";

  @Override
  public WebhookComponent create(KeycloakSession session, ComponentModel model) {
    throw new UnsupportedOperationException("webhook components are data, not providers");
  }

  @Override
  public boolean isInternal() {
    return true;
  }

  @Override
  public void validateConfiguration(
      KeycloakSession session, RealmModel realm, ComponentModel model) {
    try {
      admit(session, realm, model);
    } catch (ApiError refusal) {
      // The error response alone does not roll back: a realm being created with this webhook
      // would be committed without it.
      session.getTransactionManager().setRollbackOnly();
      throw refusal;
    }
  }

  private static void admit(KeycloakSession session, RealmModel realm, ComponentModel model) {
    Optional<AdminAccess> caller = AdminAccess.ofCurrentRequest(session, realm);
    if (!isBeingCreated(session, realm)) {
      caller.ifPresent(AdminAccess::requireManage);
    }
    StoredComponents.Kind stored = StoredComponents.kindOf(session, realm, model.getId());
    if (stored == StoredComponents.Kind.OTHER_COMPONENT_OF_THIS_REALM) {
      throw ApiError.badRequest(
          "component "
              + model.getId()
              + " is not a webhook and cannot become one;"
              + " create webhooks with POST /realms/{realm}/webhooks");
    }
    boolean isNew = stored == StoredComponents.Kind.NEW;
    if (!isNew && caller.isEmpty()) {
      return; // the server's own bookkeeping, such as disabling a failing webhook
    }
    String storedSecret = null;
    if (isNew) {
      admitNew(realm, model, caller);
    } else {
      ComponentModel current = realm.getComponent(model.getId());
      stamp(
          model,
          current.get(WebhookComponents.CREATED_BY),
          current.get(WebhookComponents.CREATED_AT));
      storedSecret = current.get(WebhookComponents.SECRET);
    }
    requireBelongsTo(realm, model);
    DeliverySettings settings = DeliveryEngineFactory.settings(session);
    Webhook webhook = readable(model);
    check(webhook, settings);
    String secret = webhook.secrets().current();
    if (secret != null && !secret.equals(storedSecret)) {
      requireNoProblem(WebhookRules.newSecretProblem(secret));
    }
    if (isNew) {
      requireRoomIn(session, realm, settings.maxWebhooksPerRealm());
    }
  }

  /**
   * A realm created in this session, with webhooks in its JSON: Keycloak has checked {@code
   * create-realm} and makes the creator an admin of the new realm, but the creator's token cannot
   * show roles in a realm younger than itself.
   */
  private static boolean isBeingCreated(KeycloakSession session, RealmModel realm) {
    return session.getAttribute(CREATING + realm.getId()) != null;
  }

  /**
   * Deleting needs {@code manage-events}, like creating and changing, and takes the webhook's
   * deliveries with it in the same transaction.
   */
  @Override
  public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
    try {
      AdminAccess.ofCurrentRequest(session, realm).ifPresent(AdminAccess::requireManage);
    } catch (ApiError refusal) {
      session.getTransactionManager().setRollbackOnly();
      throw refusal;
    }
    Purge.of(session).webhook(realm.getId(), model.getId());
  }

  /**
   * Webhook ids reach receivers and key the delivery log, so the server makes every one: an id sent
   * by the caller, or kept in an imported file, is replaced.
   */
  private static void admitNew(
      RealmModel realm, ComponentModel model, Optional<AdminAccess> caller) {
    model.setId(KeycloakModelUtils.generateId());
    if (model.getParentId() == null) {
      model.setParentId(realm.getId());
    }
    if (caller.isPresent()) {
      stamp(model, caller.get().userId(), WebhooksResource.now());
    } else {
      // An import the operator started: an exported webhook keeps its history.
      stamp(
          model,
          orElse(model.get(WebhookComponents.CREATED_BY), IMPORTED_BY),
          orElse(model.get(WebhookComponents.CREATED_AT), WebhooksResource.now()));
    }
  }

  private static void requireRoomIn(KeycloakSession session, RealmModel realm, int max) {
    long count =
        isBeingCreated(session, realm)
            ? StoredComponents.countWebhooks(session, realm)
            : StoredComponents.lockRealmAndCountWebhooks(session, realm);
    if (count >= max) {
      throw ApiError.conflict(
          "realm "
              + realm.getName()
              + " already has "
              + count
              + " webhooks, the most that max-webhooks-per-realm allows");
    }
  }

  private static void requireBelongsTo(RealmModel realm, ComponentModel model) {
    if (!realm.getId().equals(model.getParentId())) {
      throw ApiError.badRequest(
          "a webhook belongs to its realm: its parentId must be the realm's id, "
              + "and it cannot be a subcomponent");
    }
  }

  /** The API's rules: shape, secret, event types, and no literal address that vetting forbids. */
  private static void check(Webhook webhook, DeliverySettings settings) {
    String problem = WebhookRules.problemWith(webhook);
    if (problem == null) {
      problem = settings.addressRules().refusalForLiteralHost(URI.create(webhook.url()).getHost());
    }
    requireNoProblem(problem);
  }

  private static void requireNoProblem(String problem) {
    if (problem != null) {
      throw ApiError.badRequest(problem);
    }
  }

  private static Webhook readable(ComponentModel model) {
    try {
      return WebhookComponents.fromComponent(model);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
  }

  private static void stamp(ComponentModel model, String createdBy, String createdAt) {
    MultivaluedHashMap<String, String> config = model.getConfig();
    config.putSingle(WebhookComponents.CREATED_BY, createdBy);
    config.putSingle(WebhookComponents.CREATED_AT, createdAt);
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isEmpty() ? fallback : value;
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(WebhookComponents.URL)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.SECRET)
        .type(ProviderConfigProperty.PASSWORD)
        .secret(true)
        .add()
        .property()
        .name(WebhookComponents.PREVIOUS_SECRET)
        .type(ProviderConfigProperty.PASSWORD)
        .secret(true)
        .add()
        .property()
        .name(WebhookComponents.PREVIOUS_SECRET_UNTIL)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.HEADERS)
        .type(ProviderConfigProperty.PASSWORD)
        .secret(true)
        .add()
        .property()
        .name(WebhookComponents.MAX_REQUESTS_PER_SECOND)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.BEARER_TOKEN)
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .add()
        .property()
        .name(WebhookComponents.ALERT_EMAIL)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.ENABLED)
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .add()
        .property()
        .name(WebhookComponents.EVENT_TYPES)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.CREATED_BY)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.CREATED_AT)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.DISABLED_REASON)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.DISABLED_AT)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .build();
  }

  @Override
  public String getHelpText() {
    return "A webhook subscription";
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {
    factory.register(
        event -> {
          if (event instanceof RealmModel.RealmCreationEvent created) {
            created
                .getKeycloakSession()
                .setAttribute(CREATING + created.getCreatedRealm().getId(), Boolean.TRUE);
          }
        });
  }

  @Override
  public void close() {}

  @Override
  public String getId() {
    return WebhookComponents.PROVIDER_ID;
  }
}
