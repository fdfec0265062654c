package io.kcwebhooks.it;

import io.kcwebhooks.it.support.MariaDb;

/** {@link CrashRecoveryIT} on the machine's MariaDB. */
class CrashRecoveryOnMariaDbIT extends CrashRecoveryIT {
  CrashRecoveryOnMariaDbIT() {
    super(new MariaDb());
  }
}
