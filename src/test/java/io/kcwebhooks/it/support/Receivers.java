package io.kcwebhooks.it.support;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Receivers a test starts, all stopped after it: {@code @RegisterExtension Receivers}. */
public final class Receivers implements AfterEachCallback {

  private final List<Receiver> started = new ArrayList<>();

  public Receiver start() throws IOException {
    return keep(Receiver.start());
  }

  public Receiver startOn(String host) throws IOException {
    return keep(Receiver.startOn(host));
  }

  private Receiver keep(Receiver receiver) {
    started.add(receiver);
    return receiver;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    started.forEach(Receiver::close);
    started.clear();
  }
}
