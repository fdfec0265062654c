package io.kcwebhooks.subscription;

import java.util.List;
import org.keycloak.Config;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Describes the stored shape of a webhook component. Marking the secret as secret makes Keycloak
 * mask it in the admin console's partial export and component API.
 */
public class WebhookComponentFactory
    implements ComponentFactory<WebhookComponent, WebhookComponent> {

  public static final String ID = "webhook";

  @Override
  public WebhookComponent create(KeycloakSession session, ComponentModel model) {
    throw new UnsupportedOperationException("webhook components are data, not providers");
  }

  /** Guards realm imports, which bypass the REST API. */
  @Override
  public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
      throws ComponentValidationException {
    String problem = WebhookRules.problemWith(WebhookComponents.fromComponent(model));
    if (problem != null) {
      throw new ComponentValidationException(problem);
    }
  }

  @Override
  public List<ProviderConfigProperty> getConfigProperties() {
    return ProviderConfigurationBuilder.create()
        .property()
        .name(WebhookComponents.URL)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.SECRET)
        .type(ProviderConfigProperty.PASSWORD)
        .secret(true)
        .add()
        .property()
        .name(WebhookComponents.ENABLED)
        .type(ProviderConfigProperty.BOOLEAN_TYPE)
        .add()
        .property()
        .name(WebhookComponents.EVENT_TYPES)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.CREATED_BY)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.CREATED_AT)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.DISABLED_REASON)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .property()
        .name(WebhookComponents.DISABLED_AT)
        .type(ProviderConfigProperty.STRING_TYPE)
        .add()
        .build();
  }

  @Override
  public String getHelpText() {
    return "A webhook subscription";
  }

  @Override
  public void init(Config.Scope config) {}

  @Override
  public void postInit(KeycloakSessionFactory factory) {}

  @Override
  public void close() {}

  @Override
  public String getId() {
    return ID;
  }
}
