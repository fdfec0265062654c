package io.kcwebhooks.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** A fresh database on the machine's PostgreSQL (127.0.0.1:5432, trust authentication). */
public final class Postgres {

  public static final String HOST = System.getProperty("pg.host", "127.0.0.1");
  public static final String PORT = System.getProperty("pg.port", "5432");
  public static final String USER = System.getProperty("pg.user", "postgres");

  private Postgres() {}

  /** Drops and recreates the database, so that every run starts empty. */
  public static String freshDatabase(String name) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://" + HOST + ":" + PORT + "/postgres", USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
      return name;
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is needed on " + HOST + ":" + PORT, e);
    }
  }

  /** The options that point Keycloak at the database. */
  public static List<String> options(String database) {
    return List.of(
        "--db-url=jdbc:postgresql://" + HOST + ":" + PORT + "/" + database,
        "--db-username=" + USER,
        "--db-password=unused");
  }
}
