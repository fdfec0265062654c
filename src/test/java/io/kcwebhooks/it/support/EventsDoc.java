package io.kcwebhooks.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/events.md as the tests read it: its text, its JSON blocks, the field paths of a JSON. */
public final class EventsDoc {

  private static final Pattern JSON_BLOCK =
      Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL);

  private EventsDoc() {}

  public static String text() {
    try {
      return Files.readString(Path.of("docs/events.md"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The document's JSON blocks in order: one example per family, then the schemas. */
  public static List<JsonNode> jsonBlocks() {
    List<JsonNode> blocks = new ArrayList<>();
    Matcher matcher = JSON_BLOCK.matcher(text());
    while (matcher.find()) {
      blocks.add(Json.read(matcher.group(1)));
    }
    return blocks;
  }

  /** Every field of a JSON object as a dotted path, nested objects included: its shape. */
  public static Set<String> fieldPaths(JsonNode node) {
    Set<String> paths = new TreeSet<>();
    collect("", node, paths);
    return paths;
  }

  private static void collect(String prefix, JsonNode node, Set<String> paths) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String path = prefix + field.getKey();
      paths.add(path);
      if (field.getValue().isObject()) {
        collect(path + ".", field.getValue(), paths);
      }
    }
  }
}
