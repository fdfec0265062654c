package io.kcwebhooks.vetting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource({
    "10.0.0.0/8, 10.0.0.0, true",
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "10.0.0.0/8, 9.255.255.255, false",
    "100.64.0.0/10, 100.127.255.255, true",
    "100.64.0.0/10, 100.128.0.0, false",
    "100.64.0.0/10, 100.63.255.255, false",
    "172.16.0.0/12, 172.31.0.1, true",
    "172.16.0.0/12, 172.32.0.1, false",
    "10.1.2.3/8, 10.9.9.9, true",
    "1.2.3.4, 1.2.3.4, true",
    "1.2.3.4, 1.2.3.5, false",
    "1.2.3.4/32, 1.2.3.4, true",
    "0.0.0.0/0, 8.8.8.8, true",
    "0.0.0.0/0, 2606:4700::1111, false",
    "10.0.0.0/8, ::ffff:10.1.2.3, true",
    "10.0.0.0/8, ::a01:203, false",
    "10.0.0.0/8, fd00::a01:203, false",
    "fd00::/8, fd12:3456::1, true",
    "fd00::/8, fe00::1, false",
    "fc00::/7, fdff:ffff::1, true",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "::1, ::1, true",
    "::1/128, ::2, false",
    "::/0, 2606:4700::1111, true",
    "::/0, 8.8.8.8, true",
    "::ffff:0:0/96, 10.1.2.3, true",
    "::ffff:10.0.0.0/104, 10.1.2.3, true",
    "::ffff:10.0.0.0/104, 11.1.2.3, false",
    "2001:db8::/32, 10.1.2.3, false",
    "64:ff9b::/96, 64:ff9b::7f00:1, true",
    "2002::/16, 2002:7f00:1::, true",
    "198.18.0.0/15, 198.19.255.255, true",
    "198.18.0.0/15, 198.20.0.0, false",
    "198.18.0.0/15, 198.17.255.255, false",
    "2001::/23, 2001:1ff:ffff:ffff::1, true",
    "2001::/23, 2001:200::, false",
    "2001::/23, 2000:ffff:ffff:ffff::1, false",
    "3fff::/20, 3fff:fff:ffff::1, true",
    "3fff::/20, 3fff:1000::, false",
    "2000::/3, 2000::, true",
    "2000::/3, 3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, true",
    "2000::/3, 1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, false",
    "2000::/3, 4000::, false",
    "::ffff:0:0:0/96, ::ffff:0:7f00:1, true",
    "::ffff:0:0:0/96, 127.0.0.1, false",
    "64:ff9b:1::/48, 64:ff9b:1:ffff::1, true",
    "64:ff9b:1::/48, 64:ff9b:2::, false",
    "64:ff9b:1::/48, 64:ff9b::7f00:1, false",
  })
  void containsAddresses(String cidr, String address, boolean expected) throws Exception {
    assertThat(Cidr.parse(cidr).contains(InetAddress.getByName(address))).isEqualTo(expected);
  }

  @Test
  void ipv4BlocksContainIpv4MappedIpv6Addresses() throws Exception {
    assertThat(Cidr.parse("127.0.0.0/8").contains(mappedIpv6(127, 0, 0, 1))).isTrue();
    assertThat(Cidr.parse("127.0.0.0/8").contains(mappedIpv6(128, 0, 0, 1))).isFalse();
    assertThat(Cidr.parse("::ffff:0:0/96").contains(mappedIpv6(8, 8, 8, 8))).isTrue();
  }

  @Test
  void allowsWhitespaceAround() throws Exception {
    assertThat(Cidr.parse(" 10.0.0.0/8 ").contains(InetAddress.getByName("10.1.1.1"))).isTrue();
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "/8",
        "10.0.0.0/",
        "10.0.0.0/33",
        "10.0.0.0/-1",
        "10.0.0.0/+8",
        "10.0.0.0/8/8",
        "10.0.0.0/0008",
        "fd00::/129",
        "10.0.0/8",
        "10.0.0.0.0",
        "256.0.0.0/8",
        "010.0.0.0/8",
        "127.1",
        "2130706433",
        "0x7f000001",
        "1.2.3.-4",
        "::g",
        "1:2:3:4:5:6:7:8:9",
        ".::1",
        "fe80::1%eth0",
        "[::1]/128",
        "localhost",
        "example.invalid",
        "example.invalid/8",
      })
  void rejectsAnythingButLiterals(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + text + "' is not a CIDR block such as 10.0.0.0/8 or fd00::/8");
  }

  private static InetAddress mappedIpv6(int a, int b, int c, int d) throws UnknownHostException {
    byte[] bytes = new byte[16];
    bytes[10] = (byte) 0xff;
    bytes[11] = (byte) 0xff;
    bytes[12] = (byte) a;
    bytes[13] = (byte) b;
    bytes[14] = (byte) c;
    bytes[15] = (byte) d;
    // Unlike InetAddress.getByName, this keeps the mapped address in its IPv6 form.
    return Inet6Address.getByAddress(null, bytes, -1);
  }
}
