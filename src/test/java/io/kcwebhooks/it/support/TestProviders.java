package io.kcwebhooks.it.support;

import io.kcwebhooks.it.provider.RollbackListenerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Packs the test-only providers of {@code io.kcwebhooks.it.provider} into a provider jar. */
public final class TestProviders {

  private static final Path CLASSES = Path.of(System.getProperty("test.classes.dir"));
  private static final String PACKAGE = "io/kcwebhooks/it/provider";

  private TestProviders() {}

  public static synchronized Path jar() {
    Path jar = CLASSES.getParent().resolve("test-providers.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> classes = Files.walk(CLASSES.resolve(PACKAGE))) {
      for (Path file : classes.filter(Files::isRegularFile).toList()) {
        add(out, CLASSES.relativize(file).toString(), Files.readAllBytes(file));
      }
      add(
          out,
          "META-INF/services/org.keycloak.events.EventListenerProviderFactory",
          (RollbackListenerFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(OutputStream out, String name, byte[] content) throws IOException {
    JarOutputStream jar = (JarOutputStream) out;
    jar.putNextEntry(new JarEntry(name));
    jar.write(content);
    jar.closeEntry();
  }
}
