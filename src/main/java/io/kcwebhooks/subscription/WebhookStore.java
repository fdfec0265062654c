package io.kcwebhooks.subscription;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * Webhooks of a realm, kept as realm components. Components live in Keycloak's realm cache, are
 * invalidated across the cluster when they change, are exported and imported with the realm, and
 * are deleted with it; this class only translates.
 */
public final class WebhookStore {

  private static final int MAX_CACHED_MATCHERS = 10_000;
  private static final Map<WebhookMatcher.Key, WebhookMatcher> MATCHERS = new ConcurrentHashMap<>();

  private WebhookStore() {}

  public static Stream<Webhook> list(RealmModel realm) {
    return realm
        .getComponentsStream(realm.getId(), WebhookComponents.PROVIDER_TYPE)
        .map(WebhookComponents::fromComponent);
  }

  public static long count(RealmModel realm) {
    return realm.getComponentsStream(realm.getId(), WebhookComponents.PROVIDER_TYPE).count();
  }

  public static Optional<Webhook> find(RealmModel realm, String id) {
    ComponentModel model = realm.getComponent(id);
    if (model == null
        || !WebhookComponents.isWebhook(model)
        || !realm.getId().equals(model.getParentId())) {
      return Optional.empty();
    }
    return Optional.of(WebhookComponents.fromComponent(model));
  }

  public static Webhook create(RealmModel realm, Webhook webhook) {
    ComponentModel created = realm.addComponentModel(WebhookComponents.toComponent(webhook));
    return WebhookComponents.fromComponent(created);
  }

  public static void update(RealmModel realm, Webhook webhook) {
    realm.updateComponent(WebhookComponents.toComponent(webhook));
  }

  public static void delete(RealmModel realm, String id) {
    ComponentModel model = realm.getComponent(id);
    if (model != null && WebhookComponents.isWebhook(model)) {
      realm.removeComponent(model);
    }
  }

  /**
   * The enabled webhooks whose event types and filters take an event of this type and origin; a
   * null origin, for the server's own events, passes every filter.
   */
  public static List<Webhook> matching(RealmModel realm, String eventType, EventOrigin origin) {
    return list(realm)
        .filter(Webhook::enabled)
        .filter(webhook -> matcherOf(webhook).matches(eventType, origin))
        .toList();
  }

  /**
   * Compiled matchers by what they depend on, so that the listener does not compile every webhook's
   * expressions on every event. Emptied when it grows past a bound, never evicted otherwise.
   */
  private static WebhookMatcher matcherOf(Webhook webhook) {
    if (MATCHERS.size() > MAX_CACHED_MATCHERS) {
      MATCHERS.clear();
    }
    return MATCHERS.computeIfAbsent(WebhookMatcher.Key.of(webhook), WebhookMatcher::new);
  }
}
