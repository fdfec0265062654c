package io.kcwebhooks.vetting;

import static io.kcwebhooks.vetting.TestRules.ALLOWING;
import static io.kcwebhooks.vetting.TestRules.DEFAULTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resolved addresses and allow-list entries. Uses only address literals and names under .invalid,
 * so nothing here can reach DNS.
 */
class AddressRulesTest {

  /** Globally reachable addresses, many just outside a refused block. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "1.0.0.0",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "169.255.0.0",
        "172.15.255.255",
        "172.32.0.0",
        "191.255.255.255",
        "192.0.1.0",
        "192.0.1.255",
        "192.0.3.0",
        "192.31.196.1",
        "192.52.193.1",
        "192.88.98.255",
        "192.88.100.0",
        "192.167.255.255",
        "192.169.0.0",
        "192.175.48.1",
        "198.17.255.255",
        "198.20.0.0",
        "198.51.99.255",
        "198.51.101.0",
        "203.0.112.255",
        "203.0.114.0",
        "223.255.255.255",
        "::ffff:8.8.8.8",
        "2606:4700::1111",
        "2001:4860:4860::8888",
        "2000::1",
        "2001:200::1",
        "2001:db7:ffff:ffff::1",
        "2001:db9::1",
        "2003::1",
        "2620:4f:8000::1",
        "3ffe:ffff::1",
        "3fff:1000::1",
        "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "64:ff9b::808:808",
        "64:ff9b::8.8.4.4",
        "2002:808:808::1",
      })
  void allowsGloballyReachableAddresses(String address) throws Exception {
    assertThat(DEFAULTS.refusal("hooks.invalid", InetAddress.getByName(address))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0                | 0.0.0.0 is an unspecified ("this network") address
          0.255.255.255          | 0.255.255.255 is an unspecified ("this network") address
          10.0.0.0               | 10.0.0.0 is a private address
          10.255.255.255         | 10.255.255.255 is a private address
          100.64.0.0             | 100.64.0.0 is a shared (carrier-grade NAT) address
          100.127.255.255        | 100.127.255.255 is a shared (carrier-grade NAT) address
          127.0.0.0              | 127.0.0.0 is a loopback address
          127.0.0.1              | 127.0.0.1 is a loopback address
          127.255.255.255        | 127.255.255.255 is a loopback address
          169.254.0.0            | 169.254.0.0 is a link-local address
          169.254.169.254        | 169.254.169.254 is a link-local address
          168.63.129.16          | 168.63.129.16 is a cloud provider's host address
          169.254.255.255        | 169.254.255.255 is a link-local address
          172.16.0.0             | 172.16.0.0 is a private address
          172.31.255.255         | 172.31.255.255 is a private address
          192.0.0.0              | 192.0.0.0 is an IETF protocol assignment address
          192.0.0.8              | 192.0.0.8 is an IETF protocol assignment address
          192.0.0.9              | 192.0.0.9 is an IETF protocol assignment address
          192.0.0.170            | 192.0.0.170 is an IETF protocol assignment address
          192.0.0.255            | 192.0.0.255 is an IETF protocol assignment address
          192.0.2.0              | 192.0.2.0 is a documentation address
          192.0.2.2              | 192.0.2.2 is a documentation address
          192.0.2.255            | 192.0.2.255 is a documentation address
          192.88.99.0            | 192.88.99.0 is a deprecated 6to4 relay anycast address
          192.88.99.255          | 192.88.99.255 is a deprecated 6to4 relay anycast address
          192.168.0.0            | 192.168.0.0 is a private address
          192.168.255.255        | 192.168.255.255 is a private address
          198.18.0.0             | 198.18.0.0 is a benchmarking address
          198.19.255.255         | 198.19.255.255 is a benchmarking address
          198.51.100.0           | 198.51.100.0 is a documentation address
          198.51.100.255         | 198.51.100.255 is a documentation address
          203.0.113.0            | 203.0.113.0 is a documentation address
          203.0.113.255          | 203.0.113.255 is a documentation address
          224.0.0.0              | 224.0.0.0 is a multicast address
          239.255.255.255        | 239.255.255.255 is a multicast address
          240.0.0.0              | 240.0.0.0 is a reserved address
          255.255.255.254        | 255.255.255.254 is a reserved address
          255.255.255.255        | 255.255.255.255 is the limited broadcast address
          ::                     | 0:0:0:0:0:0:0:0 is an unspecified address
          ::1                    | 0:0:0:0:0:0:0:1 is a loopback address
          64:ff9b:1::            | 64:ff9b:1:0:0:0:0:0 is a local-use IPv4/IPv6 translation address
          64:ff9b:1:ffff:ffff:ffff:ffff:ffff | 64:ff9b:1:ffff:ffff:ffff:ffff:ffff is a local-use IPv4/IPv6 translation address
          64:ff9b:1::808:808     | 64:ff9b:1:0:0:0:808:808 is a local-use IPv4/IPv6 translation address
          64:ff9b:2::1           | 64:ff9b:2:0:0:0:0:1 is outside the IPv6 global unicast block 2000::/3
          64:ff9b::1:808:808     | 64:ff9b:0:0:0:1:808:808 is outside the IPv6 global unicast block 2000::/3
          100::                  | 100:0:0:0:0:0:0:0 is a discard-only address
          100::ffff:ffff:ffff:ffff | 100:0:0:0:ffff:ffff:ffff:ffff is a discard-only address
          100:0:0:1::            | 100:0:0:1:0:0:0:0 is outside the IPv6 global unicast block 2000::/3
          2001::                 | 2001:0:0:0:0:0:0:0 is a Teredo tunnel address
          2001:0:4136:e378:8000:63bf:3fff:fdd2 | 2001:0:4136:e378:8000:63bf:3fff:fdd2 is a Teredo tunnel address
          2001:0:ffff:ffff:ffff:ffff:ffff:ffff | 2001:0:ffff:ffff:ffff:ffff:ffff:ffff is a Teredo tunnel address
          2001:1::1              | 2001:1:0:0:0:0:0:1 is an IETF protocol assignment address
          2001:2::               | 2001:2:0:0:0:0:0:0 is a benchmarking address
          2001:2:0:ffff::1       | 2001:2:0:ffff:0:0:0:1 is a benchmarking address
          2001:2:1::             | 2001:2:1:0:0:0:0:0 is an IETF protocol assignment address
          2001:20::1             | 2001:20:0:0:0:0:0:1 is an IETF protocol assignment address
          2001:1ff:ffff:ffff::1  | 2001:1ff:ffff:ffff:0:0:0:1 is an IETF protocol assignment address
          2001:db8::             | 2001:db8:0:0:0:0:0:0 is a documentation address
          2001:db8:ffff:ffff:ffff:ffff:ffff:ffff | 2001:db8:ffff:ffff:ffff:ffff:ffff:ffff is a documentation address
          3fff::                 | 3fff:0:0:0:0:0:0:0 is a documentation address
          3fff:fff:ffff::1       | 3fff:fff:ffff:0:0:0:0:1 is a documentation address
          5f00::1                | 5f00:0:0:0:0:0:0:1 is a segment routing (SRv6) identifier
          fc00::                 | fc00:0:0:0:0:0:0:0 is a unique local (private) address
          fdff:ffff::1           | fdff:ffff:0:0:0:0:0:1 is a unique local (private) address
          fbff::1                | fbff:0:0:0:0:0:0:1 is outside the IPv6 global unicast block 2000::/3
          fe80::                 | fe80:0:0:0:0:0:0:0 is a link-local address
          febf:ffff::1           | febf:ffff:0:0:0:0:0:1 is a link-local address
          fec0::1                | fec0:0:0:0:0:0:0:1 is outside the IPv6 global unicast block 2000::/3
          ff00::                 | ff00:0:0:0:0:0:0:0 is a multicast address
          ff02::1                | ff02:0:0:0:0:0:0:1 is a multicast address
          1fff:ffff::1           | 1fff:ffff:0:0:0:0:0:1 is outside the IPv6 global unicast block 2000::/3
          4000::1                | 4000:0:0:0:0:0:0:1 is outside the IPv6 global unicast block 2000::/3
          """)
  void refusesAddressesThatAreNotGloballyReachable(String address, String reason) throws Exception {
    assertThat(DEFAULTS.refusal("hooks.invalid", InetAddress.getByName(address))).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          ::ffff:127.0.0.1       | 127.0.0.1 is a loopback address
          ::ffff:169.254.169.254 | 169.254.169.254 is a link-local address
          ::ffff:a9fe:a9fe       | 169.254.169.254 is a link-local address
          ::ffff:c633:6401       | 198.51.100.1 is a documentation address
          ::127.0.0.1            | 0:0:0:0:0:0:7f00:1 embeds 127.0.0.1, which is a loopback address
          ::2                    | 0:0:0:0:0:0:0:2 embeds 0.0.0.2, which is an unspecified ("this network") address
          ::a00:1                | 0:0:0:0:0:0:a00:1 embeds 10.0.0.1, which is a private address
          ::808:808              | 0:0:0:0:0:0:808:808 is a deprecated IPv4-compatible address
          ::1:0:0                | 0:0:0:0:0:1:0:0 is outside the IPv6 global unicast block 2000::/3
          ::ffff:0:7f00:1        | 0:0:0:0:ffff:0:7f00:1 embeds 127.0.0.1, which is a loopback address
          ::ffff:0:c0a8:101      | 0:0:0:0:ffff:0:c0a8:101 embeds 192.168.1.1, which is a private address
          ::ffff:0:808:808       | 0:0:0:0:ffff:0:808:808 is an IPv4-translated address
          64:ff9b::7f00:1        | 64:ff9b:0:0:0:0:7f00:1 embeds 127.0.0.1, which is a loopback address
          64:ff9b::10.0.0.1      | 64:ff9b:0:0:0:0:a00:1 embeds 10.0.0.1, which is a private address
          64:ff9b::c000:201      | 64:ff9b:0:0:0:0:c000:201 embeds 192.0.2.1, which is a documentation address
          64:ff9b::ffff:ffff     | 64:ff9b:0:0:0:0:ffff:ffff embeds 255.255.255.255, which is the limited broadcast address
          2002:7f00:1::          | 2002:7f00:1:0:0:0:0:0 embeds 127.0.0.1, which is a loopback address
          2002:a00:1::1          | 2002:a00:1:0:0:0:0:1 embeds 10.0.0.1, which is a private address
          2002:c0a8:101::        | 2002:c0a8:101:0:0:0:0:0 embeds 192.168.1.1, which is a private address
          2002:cb00:7101::1      | 2002:cb00:7101:0:0:0:0:1 embeds 203.0.113.1, which is a documentation address
          2002:e000::1           | 2002:e000:0:0:0:0:0:1 embeds 224.0.0.0, which is a multicast address
          """)
  void refusesIpv6FormsEmbeddingARefusedIpv4Address(String address, String reason)
      throws Exception {
    assertThat(DEFAULTS.refusal("hooks.invalid", InetAddress.getByName(address))).isEqualTo(reason);
  }

  @Test
  void refusesIpv4MappedAddressesKeptInIpv6Form() throws Exception {
    assertThat(DEFAULTS.refusal("hooks.invalid", mappedIpv6(169, 254, 169, 254)))
        .isEqualTo("169.254.169.254 is a link-local address");
    assertThat(DEFAULTS.refusal("hooks.invalid", mappedIpv6(8, 8, 8, 8))).isNull();
  }

  @Test
  void refusesWithoutAHostName() throws Exception {
    assertThat(DEFAULTS.refusal(null, InetAddress.getByName("127.0.0.1")))
        .isEqualTo("127.0.0.1 is a loopback address");
  }

  @ParameterizedTest(name = "{0} at {1}: allowed {2}")
  @CsvSource({
    "any.invalid, 10.1.2.3, true",
    "any.invalid, 10.1.255.255, true",
    "any.invalid, 10.2.0.1, false",
    "any.invalid, ::ffff:10.1.2.3, true",
    "any.invalid, 192.168.5.5, true",
    "any.invalid, 192.168.5.6, false",
    "any.invalid, fd00:1::5, true",
    "any.invalid, fd00:2::1, false",
    "hooks.internal.invalid, 127.0.0.1, true",
    "HOOKS.Internal.INVALID., 169.254.169.254, true",
    "other.internal.invalid, 127.0.0.1, false",
    "internal.invalid, 127.0.0.1, false",
    "a.corp.invalid, 10.9.9.9, true",
    "a.b.corp.invalid, ::1, true",
    "A.CORP.INVALID, 10.9.9.9, true",
    "corp.invalid, 10.9.9.9, false",
    "evilcorp.invalid, 10.9.9.9, false",
    "corp.invalid.evil.invalid, 10.9.9.9, false",
    "hooks.internal.example, 10.9.9.9, true",
    "internal.example, 10.9.9.9, false",
    "localhost, 127.0.0.1, true",
    "gateway.invalid, 192.168.0.1, true",
  })
  void allowListPermitsBlocksAndHostNames(String hostName, String address, boolean allowed)
      throws Exception {
    assertThat(ALLOWING.refusal(hostName, InetAddress.getByName(address)) == null)
        .isEqualTo(allowed);
  }

  @Test
  void allowListedBlocksIncludeIpv4MappedIpv6Forms() throws Exception {
    assertThat(ALLOWING.refusal("any.invalid", mappedIpv6(10, 1, 2, 3))).isNull();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "*",
        "*.",
        "**.corp.invalid",
        "a.*.invalid",
        "foo bar.invalid",
        "https://hooks.invalid",
        "hooks.invalid:8080",
        "10.0.0.0/33",
        "999.1.1.1",
        "127.1",
        "0x7f000001",
        "hooks.123",
        "*.0x10"
      })
  void rejectsMalformedAllowListEntries(String entry) {
    assertThatThrownBy(() -> AddressRules.withAllowList(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'");
  }

  private static InetAddress mappedIpv6(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
