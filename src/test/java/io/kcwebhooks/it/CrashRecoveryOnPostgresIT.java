package io.kcwebhooks.it;

import io.kcwebhooks.it.support.Postgres;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link CrashRecoveryIT} on the machine's PostgreSQL. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("CrashRecoveryOnPostgresIT nodes")
@Order(7)
class CrashRecoveryOnPostgresIT extends CrashRecoveryIT {
  CrashRecoveryOnPostgresIT() {
    super(new Postgres());
  }
}
