package io.kcwebhooks.it.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A distribution with the extension, augmented once per test run by {@code kc.sh build} for one set
 * of build options. Every node of that kind is a copy that starts with {@code --optimized}: {@code
 * kc.sh start-dev}, and any command without {@code --optimized}, would augment again at every
 * start, which costs tens of seconds of both cores.
 */
public enum Build {
  /** The embedded H2 database, as {@code start-dev} uses it, with metrics on. */
  H2("", false, "--db=dev-file", "--cache=local", "--metrics-enabled=true"),
  /**
   * H2 under {@code /auth}, as the spec's URLs show, with Keycloak's tracing on and the test-only
   * providers installed.
   */
  H2_AUTH(
      "/auth",
      true,
      "--db=dev-file",
      "--cache=local",
      "--http-relative-path=/auth",
      "--tracing-enabled=true"),
  /** One node on PostgreSQL: local caches, so a restart does not wait for a dead node's view. */
  POSTGRES("", false, "--db=postgres", "--cache=local", "--metrics-enabled=true"),
  MARIADB("", false, "--db=mariadb", "--cache=local", "--metrics-enabled=true"),
  /** Nodes that form a cluster through the database, as production runs them. */
  POSTGRES_CLUSTER("", false, "--db=postgres", "--cache=ispn"),
  MARIADB_CLUSTER("", false, "--db=mariadb", "--cache=ispn");

  private final String relativePath;
  private final boolean testProviders;
  private final List<String> options;
  private KeycloakNode built;

  Build(String relativePath, boolean testProviders, String... options) {
    this.relativePath = relativePath;
    this.testProviders = testProviders;
    this.options = List.of(options);
  }

  public String relativePath() {
    return relativePath;
  }

  /** The built installation, made on first use; nodes copy it and never start it. */
  synchronized Path home() {
    if (built == null) {
      String name = "build-" + name().toLowerCase().replace('_', '-');
      KeycloakNode node =
          testProviders
              ? KeycloakNode.pristine(name, relativePath, TestProviders.jar())
              : KeycloakNode.pristine(name, relativePath);
      List<String> build = new ArrayList<>(List.of("build"));
      build.addAll(options);
      node.run(build);
      built = node;
    }
    return built.home();
  }
}
