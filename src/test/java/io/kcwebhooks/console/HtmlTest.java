package io.kcwebhooks.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

  @Test
  void escapesEveryCharacterThatCouldLeaveAnAttribute() {
    assertThat(Html.escape("a\"b'c<d>e&f")).isEqualTo("a&quot;b&#39;c&lt;d&gt;e&amp;f");
  }

  @Test
  void leavesOrdinaryTextAlone() {
    assertThat(Html.escape("acme-realm_1 é")).isEqualTo("acme-realm_1 é");
  }
}
