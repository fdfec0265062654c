package io.kcwebhooks.outbox;

import jakarta.persistence.LockModeType;
import jakarta.persistence.TypedQuery;
import java.sql.Connection;
import java.sql.SQLException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * {@code FOR UPDATE SKIP LOCKED}, and whether the database locks only the rows a query returns. H2
 * locks every row the query matches, whatever its limit, so claiming there with locks would cost in
 * proportion to the whole due backlog; PostgreSQL and the other production databases lock just the
 * rows they return.
 */
final class RowLocking {

  /** Hibernate's value for SKIP LOCKED. */
  private static final int SKIP_LOCKED = -2;

  private static volatile Boolean preciseLocks;

  private RowLocking() {}

  /**
   * Locks the rows the query returns and skips those other transactions hold locked, so that nodes
   * running the same query at once take different rows.
   */
  static <T> TypedQuery<T> skippingLocked(TypedQuery<T> query) {
    return query
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .setHint("jakarta.persistence.lock.timeout", SKIP_LOCKED);
  }

  static boolean locksOnlyReturnedRows(KeycloakSession session) {
    Boolean known = preciseLocks;
    if (known == null) {
      known = !"H2".equalsIgnoreCase(productName(session));
      preciseLocks = known;
    }
    return known;
  }

  private static String productName(KeycloakSession session) {
    JpaConnectionProviderFactory factory =
        (JpaConnectionProviderFactory)
            session.getKeycloakSessionFactory().getProviderFactory(JpaConnectionProvider.class);
    try (Connection connection = factory.getConnection()) {
      return connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database the outbox is on", e);
    }
  }
}
