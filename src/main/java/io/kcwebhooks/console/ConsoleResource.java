package io.kcwebhooks.console;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.Urls;
import org.keycloak.urls.UrlType;

/**
 * Serves the webhooks admin page: a static page and its script and style. The page holds no data
 * and needs no login to load; everything it shows comes from the webhooks API with the admin's own
 * token, which it gets through the admin console's sign-in. Keycloak adds the realm's security
 * headers (frame-ancestors 'self' and the rest) to every answer here, as to its own pages.
 */
public class ConsoleResource {

  private static final String FOLDER = "/webhooks-console/";
  private static final Map<String, String> ASSETS =
      Map.of("console.js", "text/javascript", "console.css", "text/css");

  private final KeycloakSession session;

  ConsoleResource(KeycloakSession session) {
    this.session = session;
  }

  @GET
  public Response page() {
    URI base = session.getContext().getUri().getBaseUri();
    URI adminBase = session.getContext().getUri(UrlType.ADMIN).getBaseUri();
    String realm = session.getContext().getRealm().getName();
    String html =
        read("index.html")
            .replace("{{realm}}", Html.escape(realm))
            .replace("{{server}}", Html.escape(withoutSlash(base)))
            .replace("{{adminServer}}", Html.escape(withoutSlash(adminBase)))
            .replace("{{themeRoot}}", Html.escape(Urls.themeRoot(base).toString()))
            .replace(
                "{{assets}}",
                Html.escape(withoutSlash(base) + "/realms/" + encode(realm) + "/webhooks-console"));
    return Response.ok(html, "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .build();
  }

  @GET
  @Path("{asset}")
  public Response asset(@PathParam("asset") String name) {
    String type = ASSETS.get(name);
    if (type == null) {
      throw new NotFoundException();
    }
    return Response.ok(read(name), type + "; charset=utf-8")
        .header("Cache-Control", "no-cache")
        .build();
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
