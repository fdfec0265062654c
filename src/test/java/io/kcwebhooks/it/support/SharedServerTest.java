package io.kcwebhooks.it.support;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.testframework.annotations.InjectKeycloakUrls;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.realm.ManagedRealm;
import org.keycloak.testframework.server.KeycloakUrls;

/**
 * The common start of the test classes on the test framework's shared server: each needs its test
 * realm, an admin client for the webhooks API, real receivers, and a realm without the webhooks
 * that the test before left. Each subclass still carries its own {@code @KeycloakIntegrationTest},
 * which is not inherited.
 */
public abstract class SharedServerTest {

  @InjectRealm(config = TestRealm.class)
  protected ManagedRealm realm;

  @InjectKeycloakUrls protected KeycloakUrls urls;

  @RegisterExtension protected final Receivers receivers = new Receivers();

  protected Http http;
  protected WebhooksApi api;

  @BeforeEach
  protected void connectAndStartClean() {
    http = new Http(urls.getBase());
    api = WebhooksApi.asAdmin(http, realm.getName());
    api.deleteAll();
  }
}
