package io.kcwebhooks.vetting;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The addresses of this machine's network interfaces. A webhook to one of them reaches services on
 * the Keycloak host itself, whatever block the address is in. Interfaces come and go after start-up
 * (containers, VPNs, hot-plugged links), so the list is read again once it is a couple of seconds
 * old; reading it costs little next to an HTTP request.
 */
final class OwnAddresses {

  static final Duration MAX_AGE = Duration.ofSeconds(2);
  private static final Logger LOG = Logger.getLogger(OwnAddresses.class);

  private final Supplier<Set<InetAddress>> reader;
  private final Clock clock;
  private volatile Snapshot snapshot;

  OwnAddresses(Supplier<Set<InetAddress>> reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  static OwnAddresses ofThisMachine() {
    return new OwnAddresses(OwnAddresses::readInterfaces, Clock.systemUTC());
  }

  /** Whether the address, of 4 or 16 bytes, belongs to one of this machine's interfaces. */
  boolean contains(byte[] address) {
    return current().addresses().contains(withoutScope(address));
  }

  private Snapshot current() {
    Snapshot known = snapshot;
    long now = clock.millis();
    if (known == null || now - known.readAt() >= MAX_AGE.toMillis()) {
      known = new Snapshot(now, withoutScopes(reader.get()));
      snapshot = known;
    }
    return known;
  }

  private static Set<InetAddress> readInterfaces() {
    try {
      return NetworkInterface.networkInterfaces()
          .flatMap(NetworkInterface::inetAddresses)
          .collect(Collectors.toUnmodifiableSet());
    } catch (SocketException e) {
      // Not expected on any supported OS; the loopback blocks are refused by their ranges anyway.
      LOG.warnf("could not list this machine's network interfaces: %s", e.getMessage());
      return Set.of();
    }
  }

  private static Set<InetAddress> withoutScopes(Set<InetAddress> addresses) {
    return addresses.stream()
        .map(address -> withoutScope(address.getAddress()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Addresses compare without an interface scope, and IPv4-mapped ones as IPv4. */
  private static InetAddress withoutScope(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }

  private record Snapshot(long readAt, Set<InetAddress> addresses) {}
}
