package io.kcwebhooks.subscription;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** Registers {@link WebhookComponent} so that webhooks can live in the realm's components. */
public class WebhookComponentSpi implements Spi {

  @Override
  public boolean isInternal() {
    return true;
  }

  @Override
  public String getName() {
    return "webhook-subscription";
  }

  @Override
  public Class<? extends Provider> getProviderClass() {
    return WebhookComponent.class;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends ProviderFactory> getProviderFactoryClass() {
    return WebhookComponentProviderFactory.class;
  }
}
