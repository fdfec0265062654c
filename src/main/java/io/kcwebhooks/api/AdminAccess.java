package io.kcwebhooks.api;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
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
  private final String userId;

  private AdminAccess(AdminPermissionEvaluator permissions, String userId) {
    this.permissions = permissions;
    this.userId = userId;
  }

  static AdminAccess of(KeycloakSession session, RealmModel realm) {
    AdminAuth auth = authenticate(session, realm);
    try {
      return new AdminAccess(
          AdminPermissions.evaluator(session, realm, auth), auth.getUser().getId());
    } catch (ForbiddenException e) {
      throw ApiError.forbidden("the caller is not an administrator of this realm");
    }
  }

  private static AdminAuth authenticate(KeycloakSession session, RealmModel realm) {
    try {
      return AdminRoot.authenticateRealmAdminRequest(session);
    } catch (NotAuthorizedException | IllegalArgumentException | NullPointerException e) {
      // A missing, malformed or foreign token: all the same to the caller.
      throw ApiError.unauthorized();
    } finally {
      // Authentication switches the context to the token's realm; the request is about this one.
      session.getContext().setRealm(realm);
    }
  }

  String userId() {
    return userId;
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
