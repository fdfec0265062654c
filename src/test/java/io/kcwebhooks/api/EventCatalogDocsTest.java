package io.kcwebhooks.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcwebhooks.it.support.EventsDoc;
import io.kcwebhooks.it.support.OpenApiSchemas;
import io.kcwebhooks.subscription.EventCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/events.md says what the catalog endpoint answers, and its examples fit the schemas. */
class EventCatalogDocsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TYPE = Pattern.compile("`((?:access|admin|system)\\.[A-Z0-9_-]+)`");

  private final String doc = EventsDoc.text();

  @Test
  void theDocumentListsExactlyTheCatalogsTypes() {
    String list = doc.substring(doc.indexOf("## Every type"));
    Set<String> documented = new HashSet<>();
    Matcher matcher = TYPE.matcher(list);
    while (matcher.find()) {
      documented.add(matcher.group(1));
    }

    Set<String> catalog = new HashSet<>();
    Stream.of(EventCatalog.accessTypes(), EventCatalog.adminTypes(), EventCatalog.systemTypes())
        .forEach(catalog::addAll);
    assertThat(documented).isEqualTo(catalog);
  }

  @Test
  void theDocumentedSchemasAreTheServedOnesAndEveryExampleFitsItsFamily() throws Exception {
    List<JsonNode> blocks = EventsDoc.jsonBlocks();
    Map<String, Object> catalog = EventTypesView.catalog();
    JsonNode served = JSON.valueToTree(catalog);
    JsonNode schemas = served.get("schemas");

    assertThat(blocks).hasSize(4);
    assertThat(blocks.get(3)).isEqualTo(schemas);
    OpenApiSchemas validator = new OpenApiSchemas(served);
    for (JsonNode example : blocks.subList(0, 3)) {
      String family = example.get("type").asText().split("\\.")[0];
      assertThat(validator.problems(example, schemas.get(family)))
          .as("the %s example", family)
          .isEmpty();
    }
    assertThat(blocks.subList(0, 3))
        .extracting(example -> example.get("type").asText())
        .containsExactly("access.LOGIN", "admin.USER-CREATE", "system.PING");
  }
}
