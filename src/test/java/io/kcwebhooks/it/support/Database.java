package io.kcwebhooks.it.support;

import java.util.List;

/** A database server that Keycloak nodes started by a test run on, empty for every run. */
public interface Database {

  /** The value of Keycloak's build option {@code --db}. */
  String kind();

  /** Drops and recreates the named database and returns the options that point Keycloak at it. */
  List<String> fresh(String name);
}
