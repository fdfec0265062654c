package io.kcwebhooks.delivery;

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

/** Uses only address literals and names under .invalid, so nothing here can reach DNS. */
class AddressRulesTest {
  private static final AddressRules DEFAULTS = AddressRules.withAllowList(List.of());
  private static final AddressRules ALLOWING =
      AddressRules.withAllowList(
          List.of(
              "10.1.0.0/16",
              "192.168.5.5",
              " fd00:1::/32 ",
              "hooks.internal.invalid",
              "*.corp.invalid",
              "*.internal.example",
              "LocalHost",
              "gateway.invalid."));

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "8.8.8.8",
        "1.1.1.1",
        "2606:4700::1111",
        "2001:4860:4860::8888",
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
        "192.0.1.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "::ffff:8.8.8.8",
        "::808:808",
        "64:ff9b::808:808",
        "2002:808:808::1",
        "fbff::1",
        "fec0::1",
        "feff::1",
      })
  void allowsPublicAddresses(String address) throws Exception {
    assertThat(DEFAULTS.refusal("hooks.invalid", InetAddress.getByName(address))).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          0.0.0.0                | 0.0.0.0 is an unspecified ("this network") address
          0.255.255.255          | 0.255.255.255 is an unspecified ("this network") address
          10.0.0.1               | 10.0.0.1 is a private address
          10.255.255.255         | 10.255.255.255 is a private address
          100.64.0.1             | 100.64.0.1 is a shared (carrier-grade NAT) address
          100.127.255.255        | 100.127.255.255 is a shared (carrier-grade NAT) address
          127.0.0.1              | 127.0.0.1 is a loopback address
          127.255.255.254        | 127.255.255.254 is a loopback address
          169.254.169.254        | 169.254.169.254 is a link-local address
          169.254.0.1            | 169.254.0.1 is a link-local address
          172.16.0.1             | 172.16.0.1 is a private address
          172.31.255.255         | 172.31.255.255 is a private address
          192.0.0.8              | 192.0.0.8 is an IETF protocol assignment address
          192.168.1.1            | 192.168.1.1 is a private address
          198.18.0.1             | 198.18.0.1 is a benchmarking address
          198.19.255.255         | 198.19.255.255 is a benchmarking address
          224.0.0.1              | 224.0.0.1 is a multicast address
          239.255.255.250        | 239.255.255.250 is a multicast address
          240.0.0.1              | 240.0.0.1 is a reserved address
          255.255.255.255        | 255.255.255.255 is a reserved address
          ::                     | 0:0:0:0:0:0:0:0 is an unspecified address
          ::1                    | 0:0:0:0:0:0:0:1 is a loopback address
          fe80::1                | fe80:0:0:0:0:0:0:1 is a link-local address
          febf:ffff::1           | febf:ffff:0:0:0:0:0:1 is a link-local address
          fc00::1                | fc00:0:0:0:0:0:0:1 is a unique local (private) address
          fd12:3456::1           | fd12:3456:0:0:0:0:0:1 is a unique local (private) address
          ff02::1                | ff02:0:0:0:0:0:0:1 is a multicast address
          ::ffff:127.0.0.1       | 127.0.0.1 is a loopback address
          ::ffff:169.254.169.254 | 169.254.169.254 is a link-local address
          ::ffff:a9fe:a9fe       | 169.254.169.254 is a link-local address
          ::ffff:10.0.0.1        | 10.0.0.1 is a private address
          ::127.0.0.1            | 0:0:0:0:0:0:7f00:1 embeds 127.0.0.1, a loopback address
          ::a00:1                | 0:0:0:0:0:0:a00:1 embeds 10.0.0.1, a private address
          ::c0a8:101             | 0:0:0:0:0:0:c0a8:101 embeds 192.168.1.1, a private address
          64:ff9b::7f00:1        | 64:ff9b:0:0:0:0:7f00:1 embeds 127.0.0.1, a loopback address
          64:ff9b::10.0.0.1      | 64:ff9b:0:0:0:0:a00:1 embeds 10.0.0.1, a private address
          2002:7f00:1::          | 2002:7f00:1:0:0:0:0:0 embeds 127.0.0.1, a loopback address
          2002:a00:1::1          | 2002:a00:1:0:0:0:0:1 embeds 10.0.0.1, a private address
          2002:c0a8:101::        | 2002:c0a8:101:0:0:0:0:0 embeds 192.168.1.1, a private address
          """)
  void refusesNonPublicAddresses(String address, String reason) throws Exception {
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
        "999.1.1.1"
      })
  void rejectsMalformedAllowListEntries(String entry) {
    assertThatThrownBy(() -> AddressRules.withAllowList(List.of(entry)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + entry + "'");
  }

  @ParameterizedTest(name = "[{0}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          localhost                | localhost is a loopback host name
          LOCALHOST.               | LOCALHOST. is a loopback host name
          app.localhost            | app.localhost is a loopback host name
          [::1]                    | 0:0:0:0:0:0:0:1 is a loopback address
          ::1                      | 0:0:0:0:0:0:0:1 is a loopback address
          127.0.0.1                | 127.0.0.1 is a loopback address
          127.0.0.1.               | 127.0.0.1 is a loopback address
          10.20.30.40              | 10.20.30.40 is a private address
          [::ffff:169.254.169.254] | 169.254.169.254 is a link-local address
          [::ffff:a9fe:a9fe]       | 169.254.169.254 is a link-local address
          [64:ff9b::7f00:1]        | 64:ff9b:0:0:0:0:7f00:1 embeds 127.0.0.1, a loopback address
          [2002:7f00:1::]          | 2002:7f00:1:0:0:0:0:0 embeds 127.0.0.1, a loopback address
          [fe80::1]                | fe80:0:0:0:0:0:0:1 is a link-local address
          """)
  void refusesLiteralHostsWithoutDns(String host, String reason) {
    assertThat(DEFAULTS.refusalForLiteralHost(host)).isEqualTo(reason);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "example.com",
        "hooks.invalid",
        "localhost.invalid",
        "notlocalhost",
        "8.8.8.8",
        "[2606:4700::1111]",
        "2606:4700::1111",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "127.1",
        "1.2.3.4.5",
        "[fe80::1%eth0]",
        "[not-an-address]",
        "::g"
      })
  void leavesNamesAndNonLiteralsToResolveTime(String host) {
    assertThat(DEFAULTS.refusalForLiteralHost(host)).isNull();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"localhost", "LOCALHOST.", "10.1.2.3", "[fd00:1::1]", "x.corp.invalid"})
  void allowListAppliesToLiteralHosts(String host) {
    assertThat(ALLOWING.refusalForLiteralHost(host)).isNull();
  }

  @Test
  void allowListedHostNameDoesNotCoverOtherLocalhostNames() {
    assertThat(ALLOWING.refusalForLiteralHost("app.localhost"))
        .isEqualTo("app.localhost is a loopback host name");
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
