package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.KeycloakNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kc.sh import} checks webhooks by the API's rules: a realm file with a bad webhook fails to
 * import, saying why, and the same file with the webhook corrected imports.
 */
class ImportValidationIT {

  private static final String REALM = "badly-hooked";

  @Test
  void aRealmFileWithABadWebhookFailsToImport() throws Exception {
    KeycloakNode node = KeycloakNode.install("import-check", 18980, "");
    Path bad = node.home().resolve("bad-webhook-realm.json");
    Files.writeString(bad, realmWithWebhookUrl("ftp://example.com/hook"));
    Path good = node.home().resolve("good-webhook-realm.json");
    Files.writeString(good, realmWithWebhookUrl("https://example.com/hook"));

    assertThatThrownBy(() -> node.run(List.of("import", "--file=" + bad)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(node.home().resolve("command.log")))
        .contains("url must be an absolute http or https URL");

    node.run(List.of("import", "--file=" + good));
    assertThat(Files.readString(node.home().resolve("command.log")))
        .contains("Realm '" + REALM + "' imported");
  }

  private static String realmWithWebhookUrl(String url) {
    Map<String, Object> webhook =
        Map.of(
            "name",
            "webhook",
            "providerId",
            "webhook",
            "config",
            Map.of(
                "url",
                List.of(url),
                "enabled",
                List.of("true"),
                "eventTypes",
                List.of("access.*")));
    return Json.write(
        Map.of(
            "realm",
            REALM,
            "enabled",
            true,
            "components",
            Map.of("io.kcwebhooks.subscription.WebhookComponent", List.of(webhook))));
  }
}
