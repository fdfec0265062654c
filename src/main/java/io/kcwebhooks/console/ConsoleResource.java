package io.kcwebhooks.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.ResponseBuilder;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;

/**
 * Serves the webhooks admin page: a static page and its script modules and style. The page holds no
 * data and needs no login to load; everything it shows comes from the webhooks API with the admin's
 * own token, which it gets through the admin console's sign-in. Every answer here carries the
 * page's own Content-Security-Policy in place of the realm's, and the realm's other security
 * headers.
 */
public class ConsoleResource {

  private static final String FOLDER = "/webhooks-console/";
  // The realm's headers this resource keeps; the CSP and X-Frame-Options are the page's own.
  private static final List<BrowserSecurityHeaders> REALM_HEADERS =
      List.of(
          BrowserSecurityHeaders.X_CONTENT_TYPE_OPTIONS,
          BrowserSecurityHeaders.X_ROBOTS_TAG,
          BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY,
          BrowserSecurityHeaders.REFERRER_POLICY);

  private final KeycloakSession session;

  ConsoleResource(KeycloakSession session) {
    this.session = session;
  }

  @GET
  public Response page() {
    URI base = session.getContext().getUri().getBaseUri();
    String realm = session.getContext().getRealm().getName();
    String html =
        read("index.html")
            .replace("{{realm}}", Html.escape(realm))
            .replace("{{server}}", Html.escape(withoutSlash(base)))
            .replace("{{adminServer}}", Html.escape(adminServer()))
            .replace("{{themeRoot}}", Html.escape(themeRoot()))
            .replace(
                "{{assets}}",
                Html.escape(withoutSlash(base) + "/realms/" + encode(realm) + "/webhooks-console"));
    return secured(Response.ok(html, "text/html; charset=utf-8"))
        .header("Cache-Control", "no-store")
        .build();
  }

  @GET
  @Path("{asset}")
  public Response asset(@PathParam("asset") String name) {
    return Assets.contentType(name)
        .map(type -> secured(Response.ok(read(name), type + "; charset=utf-8")))
        .map(response -> response.header("Cache-Control", "no-cache"))
        .orElseGet(() -> secured(Response.status(Status.NOT_FOUND).type("text/plain")))
        .build();
  }

  /**
   * Keycloak would put the realm's CSP, written for its own pages, on this answer; the page's
   * stricter one replaces it, and the realm's other headers stay as the realm configured them.
   */
  private ResponseBuilder secured(ResponseBuilder response) {
    session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
    RealmModel realm = session.getContext().getRealm();
    Map<String, String> configured = realm.getBrowserSecurityHeaders();
    for (BrowserSecurityHeaders header : REALM_HEADERS) {
      String value = configured.getOrDefault(header.getKey(), header.getDefaultValue());
      if (value != null && !value.isEmpty()) {
        response.header(header.getHeaderName(), value);
      }
    }
    String server = withoutSlash(session.getContext().getUri().getBaseUri());
    PagePolicy policy = new PagePolicy(server, adminServer(), themeRoot(), realm.getName());
    return response
        .header(BrowserSecurityHeaders.CONTENT_SECURITY_POLICY.getHeaderName(), policy.header())
        .header(BrowserSecurityHeaders.X_FRAME_OPTIONS.getHeaderName(), "DENY");
  }

  private String adminServer() {
    return withoutSlash(session.getContext().getUri(UrlType.ADMIN).getBaseUri());
  }

  private String themeRoot() {
    return Urls.themeRoot(session.getContext().getUri().getBaseUri()).toString();
  }

  private static String read(String name) {
    try (InputStream in = ConsoleResource.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + FOLDER + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withoutSlash(URI uri) {
    String text = uri.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
