package io.kcwebhooks.it;

import io.kcwebhooks.it.support.Postgres;

/** {@link ClusterIT} on the machine's PostgreSQL. */
class ClusterOnPostgresIT extends ClusterIT {
  ClusterOnPostgresIT() {
    super(new Postgres());
  }
}
