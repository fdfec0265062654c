package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kcwebhooks.it.support.Build;
import io.kcwebhooks.it.support.KeycloakNode;
import io.kcwebhooks.it.support.RealmJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code kc.sh import} checks webhooks by the API's rules: a realm file with a bad webhook fails to
 * import, saying why, and the same file with the webhook corrected imports.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ImportValidationIT nodes")
@Order(8)
class ImportValidationIT {

  private static final String REALM = "badly-hooked";

  @Test
  void aRealmFileWithABadWebhookFailsToImport() throws Exception {
    KeycloakNode node = KeycloakNode.install("import-check", 18980, Build.H2);
    Path bad = node.home().resolve("bad-webhook-realm.json");
    Files.writeString(
        bad,
        RealmJson.realmWithWebhooks(
            REALM, List.of(RealmJson.webhook("ftp://example.com/hook", null))));
    Path good = node.home().resolve("good-webhook-realm.json");
    Files.writeString(
        good,
        RealmJson.realmWithWebhooks(
            REALM, List.of(RealmJson.webhook("https://example.com/hook", null))));

    assertThatThrownBy(() -> node.run("import", List.of("--file=" + bad)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Files.readString(node.home().resolve("command.log")))
        .contains("url must be an absolute http or https URL");

    node.run("import", List.of("--file=" + good));
    assertThat(Files.readString(node.home().resolve("command.log")))
        .contains("Realm '" + REALM + "' imported");
  }
}
