package io.kcwebhooks.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Keycloak distribution this test process installs and starts itself, for what the test
 * framework's single server cannot do: kill -9 and restart, several nodes, other databases and
 * options, export and import, and providers from the test classes. Each is a copy of a {@link
 * Build}.
 */
public final class KeycloakNode implements AutoCloseable {

  private static final Path PRISTINE = Path.of(System.getProperty("keycloak.dist.dir"));
  private static final Path PROJECT_JAR = Path.of(System.getProperty("project.jar"));
  private static final List<String> START =
      List.of("start", "--optimized", "--http-enabled=true", "--hostname-strict=false");
  private static final Path NODES = PROJECT_JAR.getParent().resolve("kc-nodes");

  private final String name;
  private final Path home;
  private final int httpPort;
  private final String relativePath;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Process process;
  private int starts;

  private KeycloakNode(String name, Path home, int httpPort, String relativePath) {
    this.name = name;
    this.home = home;
    this.httpPort = httpPort;
    this.relativePath = relativePath;
  }

  /**
   * A node copied from a distribution built once per run: it starts without augmenting again.
   *
   * @param httpPort the node's HTTP port; the management port is {@code httpPort + 1000}
   */
  public static KeycloakNode install(String name, int httpPort, Build build) {
    Path home = NODES.resolve(name);
    copyWithoutData(build.home(), home);
    return new KeycloakNode(name, home, httpPort, build.relativePath());
  }

  /** The distribution as released, with the extension and any extra provider jars, never built. */
  static KeycloakNode pristine(String name, String relativePath, Path... extraProviders) {
    Path home = NODES.resolve(name);
    copyWithoutData(PRISTINE, home);
    try {
      // ./run.sh installs the jar into the unpacked distribution itself; this copy replaces it.
      Files.copy(
          PROJECT_JAR,
          home.resolve("providers").resolve("keycloak-webhooks.jar"),
          StandardCopyOption.REPLACE_EXISTING);
      for (Path provider : extraProviders) {
        Files.copy(provider, home.resolve("providers").resolve(provider.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KeycloakNode(name, home, 0, relativePath);
  }

  private static void copyWithoutData(Path from, Path to) {
    exec(List.of("rm", "-rf", to.toString()));
    exec(List.of("mkdir", "-p", to.getParent().toString()));
    exec(List.of("cp", "-a", from.toString(), to.toString()));
    exec(List.of("rm", "-rf", to.resolve("data").toString()));
  }

  /**
   * Sets an environment variable for every later {@code kc.sh} run, e.g. {@code JAVA_OPTS_KC_HEAP}
   * to bound the heap.
   */
  public KeycloakNode withEnvironment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Whether the started server's process is still alive (it exits on OutOfMemoryError). */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort + relativePath;
  }

  public String managementUrl() {
    return "http://127.0.0.1:" + (httpPort + 1000) + relativePath;
  }

  public Path home() {
    return home;
  }

  /** Runs a {@code kc.sh} command that ends by itself, such as export or import, optimized. */
  public void run(String command, List<String> options) {
    List<String> args = new ArrayList<>(List.of(command, "--optimized"));
    args.addAll(options);
    run(args);
  }

  /** Runs {@code kc.sh} with these arguments as they are: {@link Build} runs its build so. */
  void run(List<String> args) {
    try {
      Process command = processBuilder(args, "command").start();
      if (!command.waitFor(10, TimeUnit.MINUTES) || command.exitValue() != 0) {
        throw new IllegalStateException(
            "kc.sh " + args + " failed; see " + home.resolve("command.log"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the server, optimized, in production mode over plain HTTP on loopback, with these
   * runtime options, and waits until it answers.
   */
  public void start(List<String> options) {
    List<String> all = new ArrayList<>(START);
    all.addAll(options);
    all.add("--http-port=" + httpPort);
    all.add("--http-management-port=" + (httpPort + 1000));
    all.add("--http-host=127.0.0.1");
    try {
      process = processBuilder(all, "server-" + (++starts)).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited; see its log in " + home);
              }
              return answers();
            });
  }

  private boolean answers() {
    try {
      HttpURLConnection connection =
          (HttpURLConnection) URI.create(baseUrl() + "/realms/master").toURL().openConnection();
      connection.setConnectTimeout(1000);
      connection.setReadTimeout(2000);
      return connection.getResponseCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  private ProcessBuilder processBuilder(List<String> args, String logName) {
    List<String> command = new ArrayList<>();
    command.add(home.resolve("bin").resolve("kc.sh").toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
    // Nodes live for one test class: the JIT's first tier alone starts them with about a quarter
    // less
    // CPU, which the classes running beside them need more than peak speed.
    builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
    builder.environment().putAll(environment);
    builder.redirectErrorStream(true);
    builder.redirectOutput(home.resolve(logName + ".log").toFile());
    return builder;
  }

  /** Deletes the embedded H2 database of dev mode, as if the server had never run. */
  public void wipeDevDatabase() {
    exec(List.of("rm", "-rf", home.resolve("data").resolve("h2").toString()));
  }

  /** Everything the running server has logged so far. */
  public String serverLog() {
    try {
      return Files.readString(home.resolve("server-" + starts + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook runs, nothing in memory survives. */
  public void kill() {
    if (process != null) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** SIGTERM: Keycloak's graceful shutdown. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      waitForExit();
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }

  private static void exec(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(command + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
