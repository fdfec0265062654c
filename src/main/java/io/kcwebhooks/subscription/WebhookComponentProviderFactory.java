package io.kcwebhooks.subscription;

import org.keycloak.component.ComponentFactory;

/**
 * What Keycloak loads for {@link WebhookComponentSpi}. The implementation lives with the REST API,
 * because storing a webhook must pass the same checks (caller, address rules, limits) as the API,
 * and those need more than this package may depend on.
 */
public interface WebhookComponentProviderFactory
    extends ComponentFactory<WebhookComponent, WebhookComponent> {}
