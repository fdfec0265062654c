package io.kcwebhooks.vetting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OwnAddressesTest {

  private final AtomicReference<Set<InetAddress>> interfaces = new AtomicReference<>(Set.of());
  private final AtomicInteger reads = new AtomicInteger();
  private final MovableClock clock = new MovableClock();
  private final OwnAddresses own =
      new OwnAddresses(
          () -> {
            reads.incrementAndGet();
            return interfaces.get();
          },
          clock);

  @Test
  void seesAnInterfaceThatAppearsAfterTheListWasRead() throws Exception {
    byte[] address = InetAddress.getByName("198.51.100.1").getAddress();
    assertThat(own.contains(address)).isFalse();

    interfaces.set(Set.of(InetAddress.getByName("198.51.100.1")));
    clock.advance(OwnAddresses.MAX_AGE.toMillis() - 1);
    assertThat(own.contains(address)).isFalse();
    clock.advance(1);
    assertThat(own.contains(address)).isTrue();

    interfaces.set(Set.of());
    clock.advance(OwnAddresses.MAX_AGE.toMillis());
    assertThat(own.contains(address)).isFalse();
  }

  @Test
  void readsTheInterfacesOncePerPeriod() throws Exception {
    byte[] address = InetAddress.getByName("8.8.8.8").getAddress();
    for (int i = 0; i < 100; i++) {
      own.contains(address);
    }
    assertThat(reads).hasValue(1);
    clock.advance(OwnAddresses.MAX_AGE.toMillis());
    own.contains(address);
    assertThat(reads).hasValue(2);
  }

  @Test
  void findsTheLoopbackAddressAmongThisMachinesInterfaces() throws Exception {
    OwnAddresses machine = OwnAddresses.ofThisMachine();
    assertThat(machine.contains(InetAddress.getByName("127.0.0.1").getAddress())).isTrue();
    assertThat(machine.contains(InetAddress.getByName("8.8.8.8").getAddress())).isFalse();
  }

  private static final class MovableClock extends Clock {
    private long millis = 1_000_000;

    void advance(long delta) {
      millis += delta;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
