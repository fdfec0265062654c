package io.kcwebhooks.it.support;

import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The server most integration tests share: the extension installed, receivers on 127.0.0.1 allowed,
 * and a retry schedule of seconds instead of hours.
 */
public class WebhookServerConfig implements KeycloakServerConfig {

  public static final int ATTEMPTS = 4;

  @Override
  public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
    return withTestDelivery(config.dependencyCurrentProject());
  }

  static KeycloakServerConfigBuilder withTestDelivery(KeycloakServerConfigBuilder config) {
    return config
        .spiOption("webhook-delivery", "default", "allowed-targets", "127.0.0.1/32")
        .spiOption("webhook-delivery", "default", "retry-schedule", "0s,1s,1s,1s")
        .spiOption("webhook-delivery", "default", "retry-jitter", "0")
        .spiOption("webhook-delivery", "default", "poll-interval", "250ms")
        .spiOption("webhook-delivery", "default", "response-timeout", "2s")
        .spiOption("webhook-delivery", "default", "max-retry-after", "3s")
        .option("log-level", "INFO,io.kcwebhooks:debug");
  }
}
