package io.kcwebhooks.it;

import io.kcwebhooks.it.support.Postgres;

/** {@link CrashRecoveryIT} on the machine's PostgreSQL. */
class CrashRecoveryOnPostgresIT extends CrashRecoveryIT {
  CrashRecoveryOnPostgresIT() {
    super(new Postgres());
  }
}
