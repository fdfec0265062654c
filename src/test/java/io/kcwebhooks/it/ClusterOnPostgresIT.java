package io.kcwebhooks.it;

import io.kcwebhooks.it.support.Postgres;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link ClusterIT} on the machine's PostgreSQL. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("ClusterOnPostgresIT nodes")
@Order(2)
class ClusterOnPostgresIT extends ClusterIT {
  ClusterOnPostgresIT() {
    super(new Postgres());
  }
}
