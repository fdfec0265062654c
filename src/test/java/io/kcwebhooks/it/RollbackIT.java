package io.kcwebhooks.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcwebhooks.it.provider.RollbackListenerFactory;
import io.kcwebhooks.it.support.AuthPathNode;
import io.kcwebhooks.it.support.Http;
import io.kcwebhooks.it.support.Json;
import io.kcwebhooks.it.support.Realms;
import io.kcwebhooks.it.support.Receiver;
import io.kcwebhooks.it.support.TestRealm;
import io.kcwebhooks.it.support.WebhooksApi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Nothing is enqueued, let alone sent, for activity whose transaction rolls back. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(AuthPathNode.LOCK)
class RollbackIT {

  @Test
  void anEventWhoseTransactionRollsBackIsNeverSent() throws Exception {
    Http http = new Http(AuthPathNode.get().baseUrl());
    Realms.create(http, "rollback", AuthPathNode.ROLLBACK_LISTENER);
    WebhooksApi api = WebhooksApi.asAdmin(http, "rollback");
    try (Receiver receiver = Receiver.start()) {
      String id = api.create(receiver.url(), null, "access.LOGIN");

      // The test listener marks this login's transaction for rollback after ours has run.
      tryLogin(http, "rollback-user");
      assertThat(AuthPathNode.get().serverLog()).contains(RollbackListenerFactory.MARKER);
      http.userToken("rollback", "nobody", TestRealm.PASSWORD);

      assertThat(api.deliveredTypes(id)).containsExactly("access.LOGIN");
      List<Receiver.Received> arrived =
          receiver.awaitSettled(r -> true, 1, Duration.ofSeconds(3), Duration.ofSeconds(30));
      assertThat(arrived).hasSize(1);
      String username = Json.read(arrived.get(0).body()).get("details").get("username").asText();
      assertThat(username).isEqualTo("nobody");
    }
  }

  private static void tryLogin(Http http, String username) {
    try {
      http.userToken("rollback", username, TestRealm.PASSWORD);
    } catch (IllegalStateException refused) {
      // The rolled-back request may or may not report an error; either way it must not deliver.
    }
  }
}
