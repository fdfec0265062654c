package io.kcwebhooks.delivery;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

public class DeliveryEngineSpi implements Spi {

  @Override
  public boolean isInternal() {
    return false;
  }

  @Override
  public String getName() {
    return "webhook-delivery";
  }

  @Override
  public Class<? extends Provider> getProviderClass() {
    return DeliveryEngine.class;
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Class<? extends ProviderFactory> getProviderFactoryClass() {
    return DeliveryEngineFactory.class;
  }
}
