package io.kcwebhooks.event;

import io.kcwebhooks.subscription.EventOrigin;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Who caused an event. A user event names its client by {@code clientId} already; an admin event
 * names the acting client by its internal id, in the realm the admin signed in to, which may be
 * another realm (master). Names are looked up once, and only when a webhook's filter asks.
 */
final class Origins {

  private Origins() {}

  static EventOrigin of(KeycloakSession session, RealmModel realm, Event event) {
    return new Lookup(session, realm, event.getUserId()) {
      @Override
      String lookUpClientId() {
        return event.getClientId();
      }
    };
  }

  static EventOrigin of(KeycloakSession session, AdminEvent event) {
    AuthDetails auth = event.getAuthDetails();
    if (auth == null) {
      return new Lookup(session, null, null) {
        @Override
        String lookUpClientId() {
          return null;
        }
      };
    }
    RealmModel authRealm =
        auth.getRealmId() == null ? null : session.realms().getRealm(auth.getRealmId());
    return new Lookup(session, authRealm, auth.getUserId()) {
      @Override
      String lookUpClientId() {
        ClientModel client =
            authRealm == null || auth.getClientId() == null
                ? null
                : authRealm.getClientById(auth.getClientId());
        return client == null ? null : client.getClientId();
      }
    };
  }

  private abstract static class Lookup implements EventOrigin {
    private final KeycloakSession session;
    private final RealmModel realm;
    private final String userId;
    private String clientId;
    private boolean clientKnown;
    private String username;
    private boolean userKnown;

    Lookup(KeycloakSession session, RealmModel realm, String userId) {
      this.session = session;
      this.realm = realm;
      this.userId = userId;
    }

    abstract String lookUpClientId();

    @Override
    public String clientId() {
      if (!clientKnown) {
        clientId = lookUpClientId();
        clientKnown = true;
      }
      return clientId;
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public String username() {
      if (!userKnown) {
        UserModel user =
            realm == null || userId == null ? null : session.users().getUserById(realm, userId);
        username = user == null ? null : user.getUsername();
        userKnown = true;
      }
      return username;
    }
  }
}
