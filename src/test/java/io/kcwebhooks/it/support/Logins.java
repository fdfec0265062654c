package io.kcwebhooks.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** {@code access.CLIENT_LOGIN} events, each a checked token request. */
public final class Logins {

  private Logins() {}

  public static void produce(Http http, String realm, int count) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> logins = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        logins.add(
            clients.submit(
                () -> http.clientToken(realm, TestRealm.CLIENT, TestRealm.CLIENT_SECRET)));
      }
      for (Future<String> login : logins) {
        assertThat(login.get(1, TimeUnit.MINUTES)).isNotEmpty();
      }
    } finally {
      clients.shutdownNow();
    }
  }

  /** Produces one event and returns the one request the receiver gets for it. */
  public static Receiver.Received nextDelivery(Http http, String realm, Receiver receiver) {
    receiver.clear();
    http.clientToken(realm, TestRealm.CLIENT, TestRealm.CLIENT_SECRET);
    await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests().isEmpty());
    return receiver.requests().get(0);
  }
}
