package io.kcwebhooks.console;

import static java.util.stream.Collectors.joining;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/**
 * The Content-Security-Policy of the webhooks page: nothing by default, then exactly the sources
 * the page uses, each of its own files by name. A source ending in a slash admits everything below
 * it; one without admits that path only.
 *
 * @param server Keycloak's front-end base URL, without a trailing slash
 * @param adminServer the admin console's base URL, without a trailing slash
 * @param themeRoot where Keycloak serves its theme resources, without a trailing slash
 * @param realm the realm the page is served in, whose admin console client signs in
 */
record PagePolicy(String server, String adminServer, String themeRoot, String realm) {

  String header() {
    String assets = server + "/realms/" + segment(realm) + "/webhooks-console/";
    String patternfly = themeRoot + "/common/keycloak/vendor/patternfly-v5/";
    return new StringJoiner("; ")
        .add("default-src 'none'")
        .add("script-src " + Assets.SCRIPTS.stream().map(assets::concat).collect(joining(" ")))
        .add("style-src " + assets + Assets.STYLESHEET + " " + patternfly)
        .add("font-src " + patternfly)
        // The admin console's logo and favicon.
        .add("img-src " + themeRoot + "/admin/keycloak.v2/")
        // Token and logout endpoints and the webhooks API of any realm, all under /realms/; the
        // admin API only for the list of realms.
        .add("connect-src " + server + "/realms/ " + adminServer + "/admin/realms")
        // Keycloak's login pages in the sign-in frame, and the address its answer comes back to.
        .add(
            "frame-src "
                + server
                + "/realms/"
                + segment(realm)
                + "/ "
                + adminServer
                + "/admin/"
                + segment(realm)
                + "/console/webhooks-signed-in")
        .add("form-action 'none'")
        .add("base-uri 'none'")
        .add("frame-ancestors 'none'")
        .toString();
  }

  /** Encoded like the page's own script does it; a policy source cannot hold a space or a ';'. */
  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
