package io.kcwebhooks.it;

import io.kcwebhooks.it.support.MariaDb;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link CrashRecoveryIT} on the machine's MariaDB. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("CrashRecoveryOnMariaDbIT nodes")
@Order(6)
class CrashRecoveryOnMariaDbIT extends CrashRecoveryIT {
  CrashRecoveryOnMariaDbIT() {
    super(new MariaDb());
  }
}
