package io.kcwebhooks.outbox;

import java.sql.Connection;
import java.sql.SQLException;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.JpaConnectionProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Whether the database's {@code FOR UPDATE SKIP LOCKED} locks only the rows a query returns. H2
 * locks every row the query matches, whatever its limit, so claiming there with locks would cost in
 * proportion to the whole due backlog; PostgreSQL and the other production databases lock just the
 * rows they return.
 */
final class RowLocking {

  private static volatile Boolean preciseLocks;

  private RowLocking() {}

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
