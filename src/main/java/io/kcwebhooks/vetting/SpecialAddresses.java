package io.kcwebhooks.vetting;

import java.util.List;

/**
 * Address blocks a webhook must not reach, taken from the IANA IPv4 and IPv6 Special-Purpose
 * Address Registries (the rows whose "Globally Reachable" column is False, cited by row name and
 * RFC below), the multicast registries, and the IPv6 address space registry, which allocates only
 * 2000::/3 to global unicast. Being outside RFC 1918 does not make an address public: the
 * documentation blocks, for example, are assigned to real machines in test networks.
 */
final class SpecialAddresses {

  private static final List<Range> NOT_GLOBALLY_REACHABLE =
      List.of(
          // IPv4 Special-Purpose Address Registry
          new Range("0.0.0.0/8", "an unspecified (\"this network\") address"), // RFC 791, 1122
          new Range("10.0.0.0/8", "a private address"), // Private-Use, RFC 1918
          new Range("100.64.0.0/10", "a shared (carrier-grade NAT) address"), // RFC 6598
          new Range("127.0.0.0/8", "a loopback address"), // Loopback, RFC 1122
          new Range("169.254.0.0/16", "a link-local address"), // Link Local, RFC 3927
          new Range("172.16.0.0/12", "a private address"), // Private-Use, RFC 1918
          // IETF Protocol Assignments, RFC 6890, with its sub-rows (IPv4 Service Continuity
          // RFC 7335, dummy address RFC 7600, NAT64/DNS64 discovery RFC 7050). Refused whole: the
          // two globally reachable rows inside (192.0.0.9 PCP anycast, RFC 7723, and 192.0.0.10
          // TURN anycast, RFC 8155) are anycast services, not webhook receivers.
          new Range("192.0.0.0/24", "an IETF protocol assignment address"),
          new Range("192.0.2.0/24", "a documentation address"), // TEST-NET-1, RFC 5737
          // Deprecated (6to4 Relay Anycast), RFC 7526, including 6a44-relay anycast, RFC 6751.
          new Range("192.88.99.0/24", "a deprecated 6to4 relay anycast address"),
          new Range("192.168.0.0/16", "a private address"), // Private-Use, RFC 1918
          new Range("198.18.0.0/15", "a benchmarking address"), // Benchmarking, RFC 2544
          new Range("198.51.100.0/24", "a documentation address"), // TEST-NET-2, RFC 5737
          new Range("203.0.113.0/24", "a documentation address"), // TEST-NET-3, RFC 5737
          // IPv4 Multicast Address Space Registry: no TCP connection can go there.
          new Range("224.0.0.0/4", "a multicast address"),
          new Range("255.255.255.255/32", "the limited broadcast address"), // RFC 8190, 919
          new Range("240.0.0.0/4", "a reserved address"), // Reserved, RFC 1112
          // Not in the registries, but reachable from every Azure VM: Azure's host address
          // (WireServer), which hands the VM its configuration and certificates.
          new Range("168.63.129.16/32", "a cloud provider's host address"),
          // IPv6 Special-Purpose Address Registry
          new Range("::/128", "an unspecified address"), // Unspecified Address, RFC 4291
          new Range("::1/128", "a loopback address"), // Loopback Address, RFC 4291
          // IPv4-IPv6 Translation (local-use prefix), RFC 8215: where its IPv4 address sits
          // depends on the operator's prefix length, so it cannot be read out and checked.
          new Range("64:ff9b:1::/48", "a local-use IPv4/IPv6 translation address"),
          new Range("100::/64", "a discard-only address"), // Discard-Only Address Block, RFC 6666
          // TEREDO, RFC 4380: tunnels to an IPv4 address hidden (XORed) in the address; refused
          // whatever that address is, as traffic leaves through a relay this host cannot vet.
          new Range("2001::/32", "a Teredo tunnel address"),
          new Range("2001:2::/48", "a benchmarking address"), // Benchmarking, RFC 5180
          // IETF Protocol Assignments, RFC 2928. Refused whole: its globally reachable rows (PCP,
          // TURN and DNS-SD SRP anycast, AMT, AS112-v6, ORCHIDv2, drone entity tags) are
          // anycast services and identifiers, not webhook receivers.
          new Range("2001::/23", "an IETF protocol assignment address"),
          new Range("2001:db8::/32", "a documentation address"), // Documentation, RFC 3849
          new Range("3fff::/20", "a documentation address"), // Documentation, RFC 9637
          new Range("5f00::/16", "a segment routing (SRv6) identifier"), // SRv6 SIDs, RFC 9602
          new Range("fc00::/7", "a unique local (private) address"), // Unique-Local, RFC 4193
          new Range("fe80::/10", "a link-local address"), // Link-Local Unicast, RFC 4291
          // IPv6 Multicast Address Space Registry
          new Range("ff00::/8", "a multicast address"));

  /**
   * IPv6 forms that carry an IPv4 address, which the IPv4 rules then judge. IPv4-mapped addresses
   * (::ffff:0:0/96) need no row: Java turns them into IPv4 addresses before they get here.
   */
  private static final List<Embedding> EMBEDDINGS =
      List.of(
          // IPv4-IPv6 Translation, well-known prefix, RFC 6052: globally reachable.
          new Embedding("64:ff9b::/96", 12, null),
          // 6to4, RFC 3056: the relay's IPv4 address follows the prefix.
          new Embedding("2002::/16", 2, null),
          // IPv4-compatible, deprecated by RFC 4291 and not global unicast.
          new Embedding("::/96", 12, "a deprecated IPv4-compatible address"),
          // IPv4-translated (SIIT), RFC 2765: only meaningful inside a translator's network.
          new Embedding("::ffff:0:0:0/96", 12, "an IPv4-translated address"));

  /** IPv6 Address Space Registry: everything outside it is reserved, special or local. */
  private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

  private SpecialAddresses() {}

  /** The description of a not globally reachable block holding the address, or null. */
  static String notGloballyReachable(byte[] address) {
    for (Range range : NOT_GLOBALLY_REACHABLE) {
      if (range.block().contains(address)) {
        return range.description();
      }
    }
    return null;
  }

  /** The IPv4-carrying form the IPv6 address has, or null. */
  static Embedding embedding(byte[] address) {
    if (address.length != 16) {
      return null;
    }
    for (Embedding embedding : EMBEDDINGS) {
      if (embedding.block().contains(address)) {
        return embedding;
      }
    }
    return null;
  }

  static boolean isOutsideIpv6GlobalUnicast(byte[] address) {
    return address.length == 16 && !GLOBAL_UNICAST.contains(address);
  }

  private record Range(Cidr block, String description) {
    Range(String block, String description) {
      this(Cidr.parse(block), description);
    }
  }

  /**
   * An IPv6 block whose addresses hold an IPv4 address at {@code offset}. When {@code
   * refusedAnyway} is null the block is as reachable as that IPv4 address; otherwise it is refused
   * whatever the IPv4 address, for the reason given.
   */
  record Embedding(Cidr block, int offset, String refusedAnyway) {
    Embedding(String block, int offset, String refusedAnyway) {
      this(Cidr.parse(block), offset, refusedAnyway);
    }

    byte[] ipv4(byte[] address) {
      byte[] ipv4 = new byte[4];
      System.arraycopy(address, offset, ipv4, 0, 4);
      return ipv4;
    }
  }
}
