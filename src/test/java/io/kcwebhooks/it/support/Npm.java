package io.kcwebhooks.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** node_modules is not committed: tests install exactly what a lock file says, once per folder. */
public final class Npm {

  // npm ci may have to download packages.
  private static final Duration INSTALL = Duration.ofSeconds(120);

  private Npm() {}

  /** Runs {@code npm ci} in {@code dir} unless {@code node_modules/<probe>} is already there. */
  public static synchronized void install(Path dir, String probe) throws IOException {
    if (Files.isDirectory(dir.resolve("node_modules").resolve(probe))) {
      return;
    }
    Process npm =
        new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      await().atMost(INSTALL).until(() -> !npm.isAlive());
    } finally {
      npm.destroyForcibly();
    }
    assertThat(npm.exitValue()).as("npm ci in %s", dir).isZero();
  }
}
