package io.kcwebhooks.subscription;

import java.util.Arrays;
import java.util.List;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;

/**
 * Maps a {@link Webhook} to and from a realm component. Event types and filters are each kept as
 * one comma-separated value because Keycloak does not keep the order of multi-valued component
 * config; neither expressions nor name patterns may contain commas. A missing {@code
 * includeRepresentation} means true, as it did before the field existed.
 */
public final class WebhookComponents {

  /** Stored with every webhook: renaming the class would orphan every stored webhook. */
  public static final String PROVIDER_TYPE = WebhookComponent.class.getName();

  public static final String PROVIDER_ID = "webhook";
  public static final String URL = "url";
  public static final String SECRET = "secret";
  public static final String ENABLED = "enabled";
  public static final String EVENT_TYPES = "eventTypes";
  public static final String CLIENTS = "clients";
  public static final String EXCLUDE_CLIENTS = "excludeClients";
  public static final String EXCLUDE_USERS = "excludeUsers";
  public static final String INCLUDE_REPRESENTATION = "includeRepresentation";
  public static final String CREATED_BY = "createdBy";
  public static final String CREATED_AT = "createdAt";
  public static final String DISABLED_REASON = "disabledReason";
  public static final String DISABLED_AT = "disabledAt";

  private WebhookComponents() {}

  public static boolean isWebhook(ComponentModel model) {
    return PROVIDER_TYPE.equals(model.getProviderType());
  }

  public static Webhook fromComponent(ComponentModel model) {
    MultivaluedHashMap<String, String> config = model.getConfig();
    return new Webhook(
        model.getId(),
        model.getParentId(),
        Boolean.parseBoolean(config.getFirst(ENABLED)),
        config.getFirst(URL),
        config.getFirst(SECRET),
        joined(config.getFirst(EVENT_TYPES)),
        new Filters(
            joined(config.getFirst(CLIENTS)),
            joined(config.getFirst(EXCLUDE_CLIENTS)),
            joined(config.getFirst(EXCLUDE_USERS))),
        !"false".equals(config.getFirst(INCLUDE_REPRESENTATION)),
        config.getFirst(CREATED_BY),
        config.getFirst(CREATED_AT),
        config.getFirst(DISABLED_REASON),
        config.getFirst(DISABLED_AT));
  }

  static ComponentModel toComponent(Webhook webhook) {
    ComponentModel model = new ComponentModel();
    model.setId(webhook.id());
    model.setParentId(webhook.realmId());
    model.setName("webhook");
    model.setProviderType(PROVIDER_TYPE);
    model.setProviderId(PROVIDER_ID);
    MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
    config.putSingle(URL, webhook.url());
    if (webhook.hasSecret()) {
      config.putSingle(SECRET, webhook.secret());
    }
    config.putSingle(ENABLED, Boolean.toString(webhook.enabled()));
    config.putSingle(EVENT_TYPES, String.join(",", webhook.eventTypes()));
    putJoined(config, CLIENTS, webhook.filters().clients());
    putJoined(config, EXCLUDE_CLIENTS, webhook.filters().excludeClients());
    putJoined(config, EXCLUDE_USERS, webhook.filters().excludeUsers());
    if (!webhook.includeRepresentation()) {
      config.putSingle(INCLUDE_REPRESENTATION, "false");
    }
    config.putSingle(CREATED_BY, webhook.createdBy());
    config.putSingle(CREATED_AT, webhook.createdAt());
    if (webhook.disabledReason() != null) {
      config.putSingle(DISABLED_REASON, webhook.disabledReason());
      config.putSingle(DISABLED_AT, webhook.disabledAt());
    }
    model.setConfig(config);
    return model;
  }

  /** Left out when empty, so that a webhook without filters is stored as it always was. */
  private static void putJoined(
      MultivaluedHashMap<String, String> config, String key, List<String> values) {
    if (!values.isEmpty()) {
      config.putSingle(key, String.join(",", values));
    }
  }

  private static List<String> joined(String value) {
    return value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split(","));
  }
}
