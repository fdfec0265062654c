package io.kcwebhooks.delivery;

import org.keycloak.provider.Provider;

/**
 * The SPI type of the delivery engine. The engine is one per node and lives in its factory; this
 * type exists so that Keycloak hands the factory its {@code --spi-webhook-delivery-...} options.
 */
public interface DeliveryEngine extends Provider {}
