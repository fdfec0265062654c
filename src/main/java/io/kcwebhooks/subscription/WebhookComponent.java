package io.kcwebhooks.subscription;

import org.keycloak.provider.Provider;

/**
 * The provider type under which webhooks are stored as realm components. Keycloak needs a provider
 * type to store components; nothing is ever created from it.
 */
public interface WebhookComponent extends Provider {}
