package io.kcwebhooks.outbox;

/**
 * Makes text that a receiver or a library produced safe to store: PostgreSQL refuses a NUL
 * character in a text column, and a row it refuses would leave its delivery looping forever.
 */
public final class StoredText {

  /** The length of every free-text column of the outbox. */
  public static final int MAX_CHARS = 1024;

  private static final char REPLACEMENT = '\uFFFD';

  private StoredText() {}

  /**
   * At most {@link #MAX_CHARS} characters, with every control character except tab and newline, and
   * every unpaired surrogate, replaced by U+FFFD. Carriage returns are dropped instead, so that
   * CRLF line ends read as newlines. Never cuts a surrogate pair in half.
   */
  public static String of(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS));
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = Character.charCount(codePoint);
      i += width;
      if (codePoint == '\r') {
        continue;
      }
      String kept = keep(codePoint) ? Character.toString(codePoint) : String.valueOf(REPLACEMENT);
      if (out.length() + kept.length() > MAX_CHARS) {
        break;
      }
      out.append(kept);
    }
    return out.toString();
  }

  private static boolean keep(int codePoint) {
    if (codePoint == '\t' || codePoint == '\n') {
      return true;
    }
    // A lone surrogate comes back from codePointAt as itself, a surrogate code unit.
    int type = Character.getType(codePoint);
    return type != Character.CONTROL && type != Character.SURROGATE;
  }
}
