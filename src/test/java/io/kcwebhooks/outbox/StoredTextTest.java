package io.kcwebhooks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoredTextTest {

  @Test
  void keepsOrdinaryTextTabsAndNewlines() {
    assertThat(StoredText.of("{\"ok\": true}\n\tnext line, ünïcödé, 😀"))
        .isEqualTo("{\"ok\": true}\n\tnext line, ünïcödé, 😀");
  }

  @Test
  void nullStaysNull() {
    assertThat(StoredText.of(null)).isNull();
  }

  @Test
  void replacesNulAndOtherControlCharacters() {
    assertThat(StoredText.of("a\u0000b\u0007c\u001bd\u007fe\u0085f")).isEqualTo("a�b�c�d�e�f");
  }

  @Test
  void dropsCarriageReturnsSoThatCrlfReadsAsNewline() {
    assertThat(StoredText.of("line one\r\nline two\r")).isEqualTo("line one\nline two");
  }

  @Test
  void replacesUnpairedSurrogates() {
    assertThat(StoredText.of("x\uD83Dy\uDE00z")).isEqualTo("x�y�z");
  }

  @Test
  void invalidUtf8DecodedByTheSenderIsStoredAsReplacementCharacters() {
    byte[] body = {'o', 'k', (byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC3};
    String stored = StoredText.of(new String(body, StandardCharsets.UTF_8));
    assertThat(stored).startsWith("ok").doesNotContain("\u0000");
    assertThat(stored.substring(2)).matches("�+");
    assertThat(stored.getBytes(StandardCharsets.UTF_8)).doesNotContain((byte) 0);
  }

  @Test
  void cutsAtTheColumnLength() {
    assertThat(StoredText.of("a".repeat(5000))).hasSize(StoredText.MAX_CHARS);
  }

  @Test
  void neverCutsASurrogatePairInHalf() {
    String text = "a".repeat(StoredText.MAX_CHARS - 1) + "😀";
    String stored = StoredText.of(text);
    assertThat(stored).isEqualTo("a".repeat(StoredText.MAX_CHARS - 1));
    assertThat(Character.isHighSurrogate(stored.charAt(stored.length() - 1))).isFalse();
  }

  @Test
  void keepsAPairThatFitsExactly() {
    String text = "a".repeat(StoredText.MAX_CHARS - 2) + "😀" + "b";
    assertThat(StoredText.of(text)).isEqualTo("a".repeat(StoredText.MAX_CHARS - 2) + "😀");
  }

  @Test
  void outcomesAreStorableWhoeverBuildsThem() {
    AttemptOutcome outcome = new AttemptOutcome(0, 1, 500, "bad\u0000error", "body\u0000");
    assertThat(outcome.error()).isEqualTo("bad�error");
    assertThat(outcome.responseExcerpt()).isEqualTo("body�");
  }
}
