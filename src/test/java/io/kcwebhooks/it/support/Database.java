package io.kcwebhooks.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/** A database server that Keycloak nodes started by a test run on, empty for every run. */
public interface Database {

  /** The value of Keycloak's build option {@code --db}. */
  String kind();

  /**
   * Added to the ports of the nodes a test class starts on this database, so that the same class on
   * another database can run at the same time.
   */
  int portOffset();

  /** The distribution for one node on this database. */
  default Build build() {
    return Build.valueOf(kind().toUpperCase(Locale.ROOT));
  }

  /** The distribution for nodes that form a cluster through this database. */
  default Build clusterBuild() {
    return Build.valueOf(kind().toUpperCase(Locale.ROOT) + "_CLUSTER");
  }

  /** Drops and recreates the named database and returns the options that point Keycloak at it. */
  List<String> fresh(String name);

  /** A connection to the named database, for a test to read what Keycloak stored. */
  Connection connect(String name) throws SQLException;

  /** The one number a query answers, such as a count. */
  default long number(String database, String sql, String... parameters) {
    try (Connection connection = connect(database);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
