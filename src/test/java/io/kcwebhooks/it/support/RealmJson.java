package io.kcwebhooks.it.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Realm representations with webhooks among their components, as a realm file, {@code kc.sh import}
 * and {@code POST /admin/realms} take them.
 */
public final class RealmJson {

  /** The component type under which a realm representation lists its webhooks. */
  public static final String WEBHOOKS = "io.kcwebhooks.subscription.WebhookComponent";

  private RealmJson() {}

  /** A webhook on {@code access.*}; a null secret leaves it unsigned. */
  public static Map<String, Object> webhook(String url, String secret) {
    return webhook(url, secret, Map.of());
  }

  /** A webhook on {@code access.*} with more stored values, such as {@code createdBy}. */
  public static Map<String, Object> webhook(
      String url, String secret, Map<String, String> moreConfig) {
    Map<String, List<String>> config = new LinkedHashMap<>();
    config.put("url", List.of(url));
    if (secret != null) {
      config.put("secret", List.of(secret));
    }
    config.put("enabled", List.of("true"));
    config.put("eventTypes", List.of("access.*"));
    moreConfig.forEach((key, value) -> config.put(key, List.of(value)));
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("name", "webhook");
    component.put("providerId", "webhook");
    component.put("config", config);
    return component;
  }

  /** {@link TestRealm}'s confidential client, with a service account and password grants. */
  public static Map<String, Object> testClient() {
    return Map.of(
        "clientId", TestRealm.CLIENT,
        "secret", TestRealm.CLIENT_SECRET,
        "publicClient", false,
        "serviceAccountsEnabled", true,
        "directAccessGrantsEnabled", true);
  }

  /** An enabled realm with these components, by component type. */
  public static String realm(String name, Map<String, ?> components) {
    return Json.write(Map.of("realm", name, "enabled", true, "components", components));
  }

  /** An enabled realm with these webhooks. */
  public static String realmWithWebhooks(String name, List<Map<String, Object>> webhooks) {
    return realm(name, Map.of(WEBHOOKS, webhooks));
  }

  /**
   * An enabled realm with these webhooks, the listener on, and {@link TestRealm}'s confidential
   * client, so that a token request makes an event.
   */
  public static String realmWithClient(String name, List<Map<String, Object>> webhooks) {
    Map<String, Object> realm = withTestClient(name, List.of("ext-event-webhook"));
    realm.put("components", Map.of(WEBHOOKS, webhooks));
    return Json.write(realm);
  }

  /**
   * An enabled realm with these event listeners and {@link TestRealm}'s confidential client, to
   * which the caller may add more.
   */
  static Map<String, Object> withTestClient(String name, List<String> eventListeners) {
    Map<String, Object> realm = new LinkedHashMap<>();
    realm.put("realm", name);
    realm.put("enabled", true);
    realm.put("eventsListeners", eventListeners);
    realm.put("clients", List.of(testClient()));
    return realm;
  }
}
