package io.kcwebhooks.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The machine's PostgreSQL (127.0.0.1:5432, trust authentication). */
public final class Postgres implements Database {

  public static final String HOST = System.getProperty("pg.host", "127.0.0.1");
  public static final String PORT = System.getProperty("pg.port", "5432");
  public static final String USER = System.getProperty("pg.user", "postgres");

  @Override
  public String kind() {
    return "postgres";
  }

  @Override
  public int portOffset() {
    return 0;
  }

  @Override
  public List<String> fresh(String name) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is needed on " + HOST + ":" + PORT, e);
    }
    return List.of(
        "--db-url=jdbc:postgresql://" + HOST + ":" + PORT + "/" + name,
        "--db-username=" + USER,
        "--db-password=unused");
  }

  @Override
  public Connection connect(String name) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + HOST + ":" + PORT + "/" + name, USER, "");
  }

  @Override
  public String toString() {
    return "PostgreSQL";
  }
}
