package io.kcwebhooks.vetting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps webhooks from reaching into the network Keycloak runs in (SSRF): addresses that are not
 * globally reachable ({@link SpecialAddresses}), IPv6 forms embedding such an IPv4 address, and
 * this machine's own addresses are refused unless an admin allow-lists them.
 */
public final class AddressRules {
  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?", Pattern.CASE_INSENSITIVE);
  private static final String SUBDOMAIN_WILDCARD = "*.";

  private final List<Cidr> allowedBlocks;
  private final Set<String> allowedHosts;
  private final List<String> allowedDomainSuffixes;
  private final OwnAddresses ownAddresses;

  private AddressRules(
      List<Cidr> allowedBlocks,
      Set<String> allowedHosts,
      List<String> allowedDomainSuffixes,
      OwnAddresses ownAddresses) {
    this.allowedBlocks = allowedBlocks;
    this.allowedHosts = allowedHosts;
    this.allowedDomainSuffixes = allowedDomainSuffixes;
    this.ownAddresses = ownAddresses;
  }

  /**
   * Rules with the default forbidden ranges and an allow-list whose entries are CIDRs or host names
   * (exact, case-insensitive, or {@code *.example.com} for subdomains).
   */
  public static AddressRules withAllowList(List<String> allowEntries) {
    return withAllowList(allowEntries, OwnAddresses.ofThisMachine());
  }

  static AddressRules withAllowList(List<String> allowEntries, OwnAddresses ownAddresses) {
    List<Cidr> blocks = new ArrayList<>();
    Set<String> hosts = new HashSet<>();
    List<String> domainSuffixes = new ArrayList<>();
    for (String entry : allowEntries) {
      String trimmed = entry.strip();
      if (looksLikeAddress(trimmed)) {
        blocks.add(Cidr.parse(trimmed));
      } else if (trimmed.startsWith(SUBDOMAIN_WILDCARD)) {
        domainSuffixes.add("." + hostName(trimmed.substring(SUBDOMAIN_WILDCARD.length()), entry));
      } else {
        hosts.add(hostName(trimmed, entry));
      }
    }
    return new AddressRules(
        List.copyOf(blocks), Set.copyOf(hosts), List.copyOf(domainSuffixes), ownAddresses);
  }

  /**
   * Why this resolved address may not be connected to for this host name, or null when allowed.
   * Host-name allow entries permit any address the named host resolves to; CIDR allow entries
   * permit addresses inside them.
   */
  public String refusal(String hostName, InetAddress resolved) {
    if (hostName != null && allowsHostName(normalized(hostName))) {
      return null;
    }
    for (Cidr block : allowedBlocks) {
      if (block.contains(resolved)) {
        return null;
      }
    }
    byte[] address = withoutMapping(resolved.getAddress());
    String verdict = verdict(address);
    return verdict == null ? null : text(address) + " " + verdict;
  }

  /**
   * Checks a URL's host (as {@link java.net.URI#getHost()} gives it) when a subscription is saved,
   * without DNS. Hosts that different parsers could read as different addresses are refused
   * outright: numbers in other than dotted-decimal form, and IPv6 zones. IP literals are then
   * checked as addresses and localhost names are refused; any other name can only be judged once
   * resolved.
   */
  public String refusalForLiteralHost(String host) {
    if (host.indexOf('%') >= 0) {
      return host
          + " carries an IPv6 zone (scope) id, which names an interface of this machine;"
          + " write the address without it";
    }
    String name = normalized(host);
    InetAddress literal = Cidr.literal(name);
    if (literal == null && endsInNumber(name)) {
      return host
          + " is a numeric host in a form URL parsers read differently (hex, octal, a single"
          + " number, fewer than four parts or leading zeros); write IPv4 addresses as four"
          + " decimal numbers such as 8.8.4.4";
    }
    if (allowsHostName(name)) {
      return null;
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return host + " is a loopback host name";
    }
    return literal == null ? null : refusal(name, literal);
  }

  /**
   * "is ..." or "embeds ..." when the address (IPv4-mapped ones already in IPv4 form) must not be
   * reached, or null. This machine's own addresses come first: they reach its local services
   * whatever block they are in.
   */
  private String verdict(byte[] address) {
    if (ownAddresses.contains(address)) {
      return "is an address of this machine";
    }
    String block = SpecialAddresses.notGloballyReachable(address);
    if (block != null) {
      return "is " + block;
    }
    SpecialAddresses.Embedding embedding = SpecialAddresses.embedding(address);
    if (embedding != null) {
      byte[] ipv4 = embedding.ipv4(address);
      String embedded = verdict(ipv4);
      if (embedded != null) {
        return "embeds " + text(ipv4) + ", which " + embedded;
      }
      return embedding.refusedAnyway() == null ? null : "is " + embedding.refusedAnyway();
    }
    if (SpecialAddresses.isOutsideIpv6GlobalUnicast(address)) {
      return "is outside the IPv6 global unicast block 2000::/3";
    }
    return null;
  }

  /**
   * Whether a URL parser (WHATWG's, browsers', many HTTP clients') would read the host as an IPv4
   * address: its last label is a decimal or 0x-hexadecimal number.
   */
  private static boolean endsInNumber(String name) {
    String last = name.substring(name.lastIndexOf('.') + 1);
    if (last.startsWith("0x")) {
      return last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
    }
    return !last.isEmpty() && last.chars().allMatch(c -> c >= '0' && c <= '9');
  }

  private boolean allowsHostName(String name) {
    if (allowedHosts.contains(name)) {
      return true;
    }
    for (String suffix : allowedDomainSuffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeAddress(String entry) {
    return entry.chars().allMatch(c -> Character.isDigit(c) || c == '.')
        || entry.indexOf(':') >= 0
        || entry.indexOf('/') >= 0;
  }

  private static String hostName(String name, String entry) {
    if (!HOST_NAME.matcher(name).matches() || endsInNumber(normalized(name))) {
      throw new IllegalArgumentException(
          "allow-list entry '" + entry + "' is neither a CIDR block nor a host name");
    }
    return normalized(name);
  }

  /** Host names compare case-insensitively and with or without the root's trailing dot. */
  private static String normalized(String host) {
    String name = host.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private static String text(byte[] address) {
    return inetAddress(address).getHostAddress();
  }

  /** IPv4-mapped IPv6 addresses reach the IPv4 address, so they are judged as one. */
  private static byte[] withoutMapping(byte[] address) {
    return inetAddress(address).getAddress();
  }

  private static InetAddress inetAddress(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }
}
