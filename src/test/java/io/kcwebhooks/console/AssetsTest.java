package io.kcwebhooks.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AssetsTest {

  // The end of every import statement, whether Prettier wrapped it or not.
  private static final Pattern IMPORT =
      Pattern.compile("^(?:import|\\}) .*from \"\\./([^\"]+)\";$", Pattern.MULTILINE);

  @Test
  void everyScriptShippedIsListedAndEveryListedOneIsShipped() throws Exception {
    assertThat(Assets.SCRIPTS).containsExactlyInAnyOrderElementsOf(shippedScripts());
    assertThat(Assets.SCRIPTS).doesNotHaveDuplicates();
  }

  @Test
  void scriptsAreJavaScriptAndTheStylesheetIsCss() {
    assertThat(Assets.contentType("webhook-list.js")).hasValue("text/javascript");
    assertThat(Assets.contentType("console.css")).hasValue("text/css");
  }

  @Test
  void noOtherNameIsServed() {
    for (String name :
        List.of("index.html", "", "..", "../console.js", "CONSOLE.JS", "Html.class")) {
      assertThat(Assets.contentType(name)).as(name).isEmpty();
    }
  }

  @Test
  void thePageLoadsEveryListedScriptFromItsEntryModule() {
    assertThat(reachable("console.js", importsOfEveryScript()))
        .containsExactlyInAnyOrderElementsOf(Assets.SCRIPTS.subList(1, Assets.SCRIPTS.size()));
  }

  @Test
  void noModuleImportsItselfThroughOthers() {
    Map<String, List<String>> imports = importsOfEveryScript();

    for (String module : Assets.SCRIPTS) {
      assertThat(reachable(module, imports)).as("what %s imports", module).doesNotContain(module);
    }
  }

  private static Map<String, List<String>> importsOfEveryScript() {
    return Assets.SCRIPTS.stream()
        .collect(Collectors.toMap(Function.identity(), AssetsTest::imports));
  }

  private static Set<String> reachable(String module, Map<String, List<String>> imports) {
    Set<String> seen = new HashSet<>();
    List<String> next = new ArrayList<>(imports.get(module));
    while (!next.isEmpty()) {
      String found = next.remove(next.size() - 1);
      if (seen.add(found)) {
        next.addAll(imports.getOrDefault(found, List.of()));
      }
    }
    return seen;
  }

  private static List<String> imports(String script) {
    try {
      return IMPORT
          .matcher(Files.readString(folder().resolve(script)))
          .results()
          .map(match -> match.group(1))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> shippedScripts() throws IOException {
    try (Stream<Path> files = Files.list(folder())) {
      return files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".js"))
          .toList();
    }
  }

  private static Path folder() {
    try {
      return Path.of(Assets.class.getResource("/webhooks-console/").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
