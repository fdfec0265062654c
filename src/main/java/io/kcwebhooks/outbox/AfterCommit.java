package io.kcwebhooks.outbox;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/** Work that may happen only once the session's transaction has committed, and never if not. */
public final class AfterCommit {

  private AfterCommit() {}

  public static void run(KeycloakSession session, Runnable work) {
    session
        .getTransactionManager()
        .enlistAfterCompletion(
            new AbstractKeycloakTransaction() {
              @Override
              protected void commitImpl() {
                work.run();
              }

              @Override
              protected void rollbackImpl() {}
            });
  }
}
