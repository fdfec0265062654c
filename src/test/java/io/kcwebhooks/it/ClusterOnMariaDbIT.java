package io.kcwebhooks.it;

import io.kcwebhooks.it.support.MariaDb;

/** {@link ClusterIT} on the machine's MariaDB. */
class ClusterOnMariaDbIT extends ClusterIT {
  ClusterOnMariaDbIT() {
    super(new MariaDb());
  }
}
