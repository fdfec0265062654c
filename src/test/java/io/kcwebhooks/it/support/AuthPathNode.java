package io.kcwebhooks.it.support;

import io.kcwebhooks.it.provider.RollbackListenerFactory;
import java.util.Map;

/**
 * One node on H2 serving under {@code /auth}, as the spec's URLs show, with the test-only providers
 * installed and Keycloak's tracing on (nothing collects the spans: only the trace context that
 * deliveries carry is checked). Started once and shared by the test classes that need it.
 */
public final class AuthPathNode {

  public static final String ROLLBACK_LISTENER = RollbackListenerFactory.ID;

  /** Held by the classes that use the node, so that they use it one after the other. */
  public static final String LOCK = "the node under /auth";

  private static KeycloakNode node;

  private AuthPathNode() {}

  public static synchronized KeycloakNode get() {
    if (node == null) {
      node = KeycloakNode.install("auth-path", 18080, Build.H2_AUTH);
      node.start(WebhookServerConfig.deliveryArgs(Map.of()));
      Runtime.getRuntime().addShutdownHook(new Thread(node::kill));
    }
    return node;
  }
}
