package io.kcwebhooks.console;

import java.util.List;
import java.util.Optional;

/**
 * The files the page loads from its own folder, which are the only ones served besides the page:
 * its script, split into ES modules the browser fetches one by one, and its stylesheet. The page's
 * policy names each of them, so a file must be listed here to be served and to run.
 */
final class Assets {

  /** The page's entry module first, then every module it imports, directly or not. */
  static final List<String> SCRIPTS =
      List.of(
          "console.js",
          "addresses.js",
          "api.js",
          "components.js",
          "deliveries.js",
          "dom.js",
          "signin.js",
          "webhook-form.js",
          "webhook-list.js");

  static final String STYLESHEET = "console.css";

  private Assets() {}

  /** The media type of a listed file; empty for any other name. */
  static Optional<String> contentType(String name) {
    if (SCRIPTS.contains(name)) {
      return Optional.of("text/javascript");
    }
    return STYLESHEET.equals(name) ? Optional.of("text/css") : Optional.empty();
  }
}
