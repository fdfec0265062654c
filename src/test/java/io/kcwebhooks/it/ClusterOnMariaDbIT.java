package io.kcwebhooks.it;

import io.kcwebhooks.it.support.MariaDb;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link ClusterIT} on the machine's MariaDB. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ClusterOnMariaDbIT nodes")
@Order(1)
class ClusterOnMariaDbIT extends ClusterIT {
  ClusterOnMariaDbIT() {
    super(new MariaDb());
  }
}
