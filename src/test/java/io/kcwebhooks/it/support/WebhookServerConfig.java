package io.kcwebhooks.it.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.testframework.server.KeycloakServerConfig;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

/**
 * The server most integration tests share: the extension installed, receivers on 127.0.0.1 allowed,
 * and a retry schedule of seconds instead of hours.
 */
public class WebhookServerConfig implements KeycloakServerConfig {

  public static final int ATTEMPTS = 4;

  /** How long a replaced secret keeps signing; short, so that a test can see the window end. */
  public static final Duration ROTATION_WINDOW = Duration.ofSeconds(20);

  /** The delivery options tests run with, by option name. */
  public static Map<String, String> deliveryOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("allowed-targets", "127.0.0.1/32,198.51.100.2/32");
    options.put("retry-schedule", "1s,1s,1s");
    options.put("retry-jitter", "0");
    options.put("poll-interval", "250ms");
    options.put("response-timeout", "2s");
    options.put("attempt-timeout", "5s");
    options.put("max-retry-after", "3s");
    options.put("secret-rotation-window", ROTATION_WINDOW.toSeconds() + "s");
    return options;
  }

  /** The same options on a {@code kc.sh} command line, with overrides. */
  public static List<String> deliveryArgs(Map<String, String> overrides) {
    Map<String, String> options = deliveryOptions();
    options.putAll(overrides);
    List<String> args = new ArrayList<>();
    options.forEach(
        (key, value) -> args.add("--spi-webhook-delivery--default--" + key + "=" + value));
    args.add("--log-level=INFO,io.kcwebhooks:debug");
    return args;
  }

  @Override
  public KeycloakServerConfigBuilder configure(KeycloakServerConfigBuilder config) {
    config.dependencyCurrentProject().option("log-level", "INFO,io.kcwebhooks:debug");
    deliveryOptions()
        .forEach((key, value) -> config.spiOption("webhook-delivery", "default", key, value));
    return config;
  }
}
