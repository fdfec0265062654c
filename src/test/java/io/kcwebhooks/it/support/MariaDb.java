package io.kcwebhooks.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The machine's MariaDB (127.0.0.1:3306, root with an empty password). */
public final class MariaDb implements Database {

  public static final String HOST = System.getProperty("mariadb.host", "127.0.0.1");
  public static final String PORT = System.getProperty("mariadb.port", "3306");
  public static final String USER = System.getProperty("mariadb.user", "root");

  @Override
  public String kind() {
    return "mariadb";
  }

  @Override
  public int portOffset() {
    return 10;
  }

  @Override
  public List<String> fresh(String name) {
    try (Connection connection =
            DriverManager.getConnection("jdbc:mariadb://" + HOST + ":" + PORT + "/", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      // Keycloak's own tables expect utf8mb4, MariaDB's default character set may be narrower.
      statement.execute(
          "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    } catch (SQLException e) {
      throw new IllegalStateException("MariaDB is needed on " + HOST + ":" + PORT, e);
    }
    return List.of(
        "--db-url=jdbc:mariadb://" + HOST + ":" + PORT + "/" + name, "--db-username=" + USER);
  }

  @Override
  public Connection connect(String name) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:mariadb://" + HOST + ":" + PORT + "/" + name, USER, "");
  }

  @Override
  public String toString() {
    return "MariaDB";
  }
}
