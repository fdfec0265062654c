package io.kcwebhooks.vetting;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 address block.
 *
 * <p>Text is only ever read as an address literal: a CIDR comes from configuration, and resolving
 * it as a host name would let DNS decide what an admin meant.
 */
public final class Cidr {
  private static final int MAPPED_PREFIX_LENGTH = 12;

  private final byte[] network;
  private final int prefixLength;

  private Cidr(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /** Parses {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
  public static Cidr parse(String text) {
    String trimmed = text.strip();
    int slash = trimmed.indexOf('/');
    byte[] network = literalBytes(slash < 0 ? trimmed : trimmed.substring(0, slash));
    if (network == null) {
      throw notACidr(text);
    }
    int maxLength = network.length * 8;
    int prefixLength = slash < 0 ? maxLength : prefixLength(trimmed.substring(slash + 1));
    if (prefixLength < 0 || prefixLength > maxLength) {
      throw notACidr(text);
    }
    return new Cidr(network, prefixLength);
  }

  /** Whether the address is in this block; IPv4 blocks also hold the IPv4-mapped IPv6 forms. */
  public boolean contains(InetAddress address) {
    return contains(address.getAddress());
  }

  boolean contains(byte[] address) {
    byte[] comparable = inNetworkFamily(address);
    if (comparable == null) {
      return false;
    }
    int wholeBytes = prefixLength / 8;
    for (int i = 0; i < wholeBytes; i++) {
      if (comparable[i] != network[i]) {
        return false;
      }
    }
    int remainingBits = prefixLength % 8;
    int mask = (0xff << (8 - remainingBits)) & 0xff;
    return remainingBits == 0 || (comparable[wholeBytes] & mask) == (network[wholeBytes] & mask);
  }

  /** The address an IP literal denotes, or null when the text is not one; never consults DNS. */
  static InetAddress literal(String text) {
    byte[] bytes = literalBytes(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
    }
  }

  /** 4 bytes for dotted IPv4, 16 for anything written as IPv6, even an IPv4-mapped one. */
  private static byte[] literalBytes(String text) {
    return text.indexOf(':') < 0 ? ipv4Bytes(text) : ipv6Bytes(text);
  }

  private static byte[] ipv4Bytes(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = octet(parts[i]);
      if (octet < 0) {
        return null;
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }

  /** Rejects leading zeros, which some resolvers read as octal. */
  private static int octet(String part) {
    if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (char c : part.toCharArray()) {
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  private static byte[] ipv6Bytes(String text) {
    // Scoped addresses (fe80::1%eth0) name a local interface, which no block or rule should.
    if (!text.chars().allMatch(Cidr::isIpv6LiteralCharacter)) {
      return null;
    }
    byte[] bytes;
    try {
      // Brackets make InetAddress insist on an IPv6 literal instead of falling back to DNS.
      bytes = InetAddress.getByName("[" + text + "]").getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    return bytes.length == 4 ? mapped(bytes) : bytes;
  }

  private static boolean isIpv6LiteralCharacter(int c) {
    return Character.digit(c, 16) >= 0 || c == ':' || c == '.';
  }

  private static int prefixLength(String text) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(text);
  }

  /** The address in the same family as this block, or null when it has no such form. */
  private byte[] inNetworkFamily(byte[] address) {
    if (address.length == network.length) {
      return address;
    }
    if (network.length == 16) {
      return mapped(address);
    }
    return isMapped(address) ? ipv4Tail(address) : null;
  }

  private static byte[] mapped(byte[] ipv4) {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    System.arraycopy(ipv4, 0, bytes, MAPPED_PREFIX_LENGTH, 4);
    return bytes;
  }

  private static boolean isMapped(byte[] ipv6) {
    for (int i = 0; i < 10; i++) {
      if (ipv6[i] != 0) {
        return false;
      }
    }
    return ipv6[10] == (byte) 0xff && ipv6[11] == (byte) 0xff;
  }

  private static byte[] ipv4Tail(byte[] ipv6) {
    byte[] bytes = new byte[4];
    System.arraycopy(ipv6, MAPPED_PREFIX_LENGTH, bytes, 0, 4);
    return bytes;
  }

  private static IllegalArgumentException notACidr(String text) {
    return new IllegalArgumentException(
        "'" + text + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
  }
}
