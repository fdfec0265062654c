package io.kcwebhooks.delivery;

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
 * publicly routable are refused unless an admin allow-lists them.
 */
public final class AddressRules {
  private static final List<Range> FORBIDDEN =
      List.of(
          new Range("0.0.0.0/8", "an unspecified (\"this network\") address"),
          new Range("10.0.0.0/8", "a private address"),
          new Range("100.64.0.0/10", "a shared (carrier-grade NAT) address"),
          new Range("127.0.0.0/8", "a loopback address"),
          new Range("169.254.0.0/16", "a link-local address"),
          new Range("172.16.0.0/12", "a private address"),
          new Range("192.0.0.0/24", "an IETF protocol assignment address"),
          new Range("192.168.0.0/16", "a private address"),
          new Range("198.18.0.0/15", "a benchmarking address"),
          new Range("224.0.0.0/4", "a multicast address"),
          new Range("240.0.0.0/4", "a reserved address"),
          new Range("::/128", "an unspecified address"),
          new Range("::1/128", "a loopback address"),
          new Range("fe80::/10", "a link-local address"),
          new Range("fc00::/7", "a unique local (private) address"),
          new Range("ff00::/8", "a multicast address"));

  /**
   * IPv6 forms that carry an IPv4 address the network may route to, so the IPv4 rules apply to it.
   * IPv4-mapped addresses need no entry: IPv4 blocks already contain them.
   */
  private static final List<Embedding> EMBEDDINGS =
      List.of(
          new Embedding("::/96", 12),
          new Embedding("64:ff9b::/96", 12),
          new Embedding("2002::/16", 2));

  private static final Pattern HOST_NAME =
      Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*\\.?", Pattern.CASE_INSENSITIVE);
  private static final String SUBDOMAIN_WILDCARD = "*.";

  private final List<Cidr> allowedBlocks;
  private final Set<String> allowedHosts;
  private final List<String> allowedDomainSuffixes;

  private AddressRules(
      List<Cidr> allowedBlocks, Set<String> allowedHosts, List<String> allowedDomainSuffixes) {
    this.allowedBlocks = allowedBlocks;
    this.allowedHosts = allowedHosts;
    this.allowedDomainSuffixes = allowedDomainSuffixes;
  }

  /**
   * Rules with the default forbidden ranges and an allow-list whose entries are CIDRs or host names
   * (exact, case-insensitive, or {@code *.example.com} for subdomains).
   */
  public static AddressRules withAllowList(List<String> allowEntries) {
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
    return new AddressRules(List.copyOf(blocks), Set.copyOf(hosts), List.copyOf(domainSuffixes));
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
    return forbiddenReason(resolved.getAddress());
  }

  /**
   * Checks a URL's host when a subscription is saved, without DNS: IP literals are checked as
   * addresses and localhost names are refused; any other name can only be judged once resolved.
   */
  public String refusalForLiteralHost(String host) {
    String name = normalized(host);
    if (allowsHostName(name)) {
      return null;
    }
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return host + " is a loopback host name";
    }
    InetAddress literal = Cidr.literal(name);
    return literal == null ? null : refusal(name, literal);
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

  private static String forbiddenReason(byte[] address) {
    String description = forbiddenDescription(address);
    if (description != null) {
      return text(address) + " is " + description;
    }
    byte[] embedded = embeddedIpv4(address);
    description = embedded == null ? null : forbiddenDescription(embedded);
    return description == null
        ? null
        : text(address) + " embeds " + text(embedded) + ", " + description;
  }

  private static String forbiddenDescription(byte[] address) {
    for (Range range : FORBIDDEN) {
      if (range.block().contains(address)) {
        return range.description();
      }
    }
    return null;
  }

  private static byte[] embeddedIpv4(byte[] address) {
    if (address.length != 16) {
      return null;
    }
    for (Embedding embedding : EMBEDDINGS) {
      if (embedding.block().contains(address)) {
        byte[] ipv4 = new byte[4];
        System.arraycopy(address, embedding.offset(), ipv4, 0, 4);
        return ipv4;
      }
    }
    return null;
  }

  private static boolean looksLikeAddress(String entry) {
    return entry.chars().allMatch(c -> Character.isDigit(c) || c == '.')
        || entry.indexOf(':') >= 0
        || entry.indexOf('/') >= 0;
  }

  private static String hostName(String name, String entry) {
    if (!HOST_NAME.matcher(name).matches()) {
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
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }

  private record Range(Cidr block, String description) {
    Range(String block, String description) {
      this(Cidr.parse(block), description);
    }
  }

  private record Embedding(Cidr block, int offset) {
    Embedding(String block, int offset) {
      this(Cidr.parse(block), offset);
    }
  }
}
