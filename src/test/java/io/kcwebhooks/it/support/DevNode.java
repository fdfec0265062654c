package io.kcwebhooks.it.support;

import io.kcwebhooks.it.provider.RollbackListenerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node in dev mode serving under {@code /auth}, as the spec's URLs show, with the test-only
 * providers installed and Keycloak's tracing on (nothing collects the spans: only the trace context
 * that deliveries carry is checked). Started once and shared by the test classes that need it.
 */
public final class DevNode {

  public static final String RELATIVE_PATH = "/auth";
  public static final String ROLLBACK_LISTENER = RollbackListenerFactory.ID;
  private static KeycloakNode node;

  private DevNode() {}

  public static synchronized KeycloakNode get() {
    if (node == null) {
      node = KeycloakNode.install("dev-auth", 18080, RELATIVE_PATH, TestProviders.jar());
      List<String> args =
          new ArrayList<>(
              List.of("start-dev", "--http-relative-path=/auth", "--tracing-enabled=true"));
      args.addAll(WebhookServerConfig.deliveryArgs(Map.of()));
      node.start(args);
      Runtime.getRuntime().addShutdownHook(new Thread(node::kill));
    }
    return node;
  }
}
