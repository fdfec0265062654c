package io.kcwebhooks.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PagePolicyTest {

  private static final String SERVER = "https://id.example.com/auth";
  private static final String THEMES = SERVER + "/resources/v1";

  @Test
  void aRealmNameThatCouldSplitASourceIsEncoded() {
    Map<String, String> policy = directives("my realm's;x");

    assertThat(policy.get("script-src").split(" "))
        .hasSize(Assets.SCRIPTS.size())
        .allMatch(
            source -> source.startsWith(SERVER + "/realms/my%20realm%27s%3Bx/webhooks-console/"));
    assertThat(policy.get("frame-src"))
        .isEqualTo(
            SERVER
                + "/realms/my%20realm%27s%3Bx/ "
                + SERVER
                + "/admin/my%20realm%27s%3Bx/console/webhooks-signed-in");
  }

  @Test
  void scriptsAreAdmittedOneByOneAndOnlyThePagesOwn() {
    String folder = SERVER + "/realms/master/webhooks-console/";

    assertThat(directives("master").get("script-src").split(" "))
        .containsExactlyElementsOf(Assets.SCRIPTS.stream().map(folder::concat).toList());
  }

  @Test
  void nothingIsAllowedThatThePageDoesNotLoadAndNoOneMayFrameIt() {
    Map<String, String> policy = directives("master");

    assertThat(policy)
        .containsEntry("default-src", "'none'")
        .containsEntry("frame-ancestors", "'none'")
        .containsEntry("form-action", "'none'")
        .containsEntry("base-uri", "'none'")
        .containsEntry("connect-src", SERVER + "/realms/ " + SERVER + "/admin/realms");
    assertThat(String.join(" ", policy.values())).doesNotContain("unsafe", "data:", "*");
  }

  private static Map<String, String> directives(String realm) {
    String header = new PagePolicy(SERVER, SERVER, THEMES, realm).header();
    return Arrays.stream(header.split("; "))
        .map(directive -> directive.split(" ", 2))
        .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1]));
  }
}
