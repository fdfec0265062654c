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
  public static final String PREVIOUS_SECRET = "previousSecret";
  public static final String PREVIOUS_SECRET_UNTIL = "previousSecretUntil";
  public static final String MAX_REQUESTS_PER_SECOND = "maxRequestsPerSecond";
  public static final String BEARER_TOKEN = "bearerToken";
  public static final String HEADERS = "headers";
  public static final String ALERT_EMAIL = "alertEmail";
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

  /**
   * @throws IllegalArgumentException when a number or the headers cannot be read, which only a
   *     realm file can cause; the message never quotes a value
   */
  public static Webhook fromComponent(ComponentModel model) {
    MultivaluedHashMap<String, String> config = model.getConfig();
    return new Webhook(
        model.getId(),
        model.getParentId(),
        Boolean.parseBoolean(config.getFirst(ENABLED)),
        config.getFirst(URL),
        new Secrets(
            config.getFirst(SECRET),
            config.getFirst(PREVIOUS_SECRET),
            number(config.getFirst(PREVIOUS_SECRET_UNTIL), PREVIOUS_SECRET_UNTIL)),
        joined(config.getFirst(EVENT_TYPES)),
        new Filters(
            joined(config.getFirst(CLIENTS)),
            joined(config.getFirst(EXCLUDE_CLIENTS)),
            joined(config.getFirst(EXCLUDE_USERS))),
        !"false".equals(config.getFirst(INCLUDE_REPRESENTATION)),
        new SendOptions(
            (int) number(config.getFirst(MAX_REQUESTS_PER_SECOND), MAX_REQUESTS_PER_SECOND),
            Boolean.parseBoolean(config.getFirst(BEARER_TOKEN)),
            HeaderValues.parse(config.getFirst(HEADERS))),
        config.getFirst(ALERT_EMAIL),
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
    putSecrets(config, webhook.secrets());
    config.putSingle(ENABLED, Boolean.toString(webhook.enabled()));
    config.putSingle(EVENT_TYPES, String.join(",", webhook.eventTypes()));
    putJoined(config, CLIENTS, webhook.filters().clients());
    putJoined(config, EXCLUDE_CLIENTS, webhook.filters().excludeClients());
    putJoined(config, EXCLUDE_USERS, webhook.filters().excludeUsers());
    if (!webhook.includeRepresentation()) {
      config.putSingle(INCLUDE_REPRESENTATION, "false");
    }
    putSendOptions(config, webhook.sendOptions());
    if (webhook.alertEmail() != null) {
      config.putSingle(ALERT_EMAIL, webhook.alertEmail());
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

  private static void putSecrets(MultivaluedHashMap<String, String> config, Secrets secrets) {
    if (secrets.signs()) {
      config.putSingle(SECRET, secrets.current());
    }
    if (secrets.previous() != null) {
      config.putSingle(PREVIOUS_SECRET, secrets.previous());
      config.putSingle(PREVIOUS_SECRET_UNTIL, Long.toString(secrets.previousUntil()));
    }
  }

  private static void putSendOptions(
      MultivaluedHashMap<String, String> config, SendOptions options) {
    if (options.maxRequestsPerSecond() > 0) {
      config.putSingle(MAX_REQUESTS_PER_SECOND, Integer.toString(options.maxRequestsPerSecond()));
    }
    if (options.bearerToken()) {
      config.putSingle(BEARER_TOKEN, "true");
    }
    if (!options.headers().isEmpty()) {
      config.putSingle(HEADERS, HeaderValues.write(options.headers()));
    }
  }

  private static long number(String value, String key) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number");
    }
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
