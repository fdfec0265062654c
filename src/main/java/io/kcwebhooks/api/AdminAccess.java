package io.kcwebhooks.api;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import java.util.Optional;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.AdminRoot;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;

/**
 * Authenticates the caller the way Keycloak's admin API does and checks the realm's event roles:
 * {@code view-events} to read, {@code manage-events} to change. Admins of the master realm get
 * these through the realm's {@code <realm>-realm} client; admins of another realm get nothing.
 */
final class AdminAccess {

  private final AdminPermissionEvaluator permissions;
  private final AdminAuth auth;

  private AdminAccess(AdminPermissionEvaluator permissions, AdminAuth auth) {
    this.permissions = permissions;
    this.auth = auth;
  }

  static AdminAccess of(KeycloakSession session, RealmModel realm) {
    AdminAuth auth = authenticate(session);
    try {
      return new AdminAccess(AdminPermissions.evaluator(session, realm, auth), auth);
    } catch (ForbiddenException e) {
      throw ApiError.forbidden("the caller is not an administrator of this realm");
    }
  }

  /**
   * The admin whose request the session serves, or empty when no admin request is being served: a
   * realm import at start-up or by {@code kc.sh import}, or the server's own background work. Every
   * admin endpoint, this extension's included, records the verified bearer token in the context
   * when it authenticates the caller.
   */
  static Optional<AdminAccess> ofCurrentRequest(KeycloakSession session, RealmModel realm) {
    if (session.getContext().getBearerToken() == null) {
      return Optional.empty();
    }
    return Optional.of(of(session, realm));
  }

  private static AdminAuth authenticate(KeycloakSession session) {
    RealmModel requested = session.getContext().getRealm();
    try {
      return AdminRoot.authenticateRealmAdminRequest(session);
    } catch (NotAuthorizedException | IllegalArgumentException | NullPointerException e) {
      // A missing, malformed or foreign token: all the same to the caller.
      throw ApiError.unauthorized();
    } finally {
      // Authentication switches the context to the token's realm; the request is about another.
      session.getContext().setRealm(requested);
    }
  }

  AdminAuth auth() {
    return auth;
  }

  String userId() {
    return auth.getUser().getId();
  }

  void requireView() {
    if (!permissions.realm().canViewEvents()) {
      throw ApiError.forbidden("the view-events role is required");
    }
  }

  void requireManage() {
    if (!permissions.realm().canManageEvents()) {
      throw ApiError.forbidden("the manage-events role is required");
    }
  }
}
