package io.kcwebhooks.outbox;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

/** Hands the outbox tables and their Liquibase changelog to Keycloak's JPA set-up. */
public class WebhookEntityProvider implements JpaEntityProvider {

  @Override
  public List<Class<?>> getEntities() {
    return List.of(EventRecord.class, Delivery.class, Attempt.class, WebhookHealth.class);
  }

  @Override
  public String getChangelogLocation() {
    return "META-INF/webhooks-changelog.xml";
  }

  @Override
  public String getFactoryId() {
    return WebhookEntityProviderFactory.ID;
  }

  @Override
  public void close() {}
}
