package io.kcwebhooks.vetting;

import static io.kcwebhooks.vetting.TestRules.ALLOWING;
import static io.kcwebhooks.vetting.TestRules.DEFAULTS;
import static io.kcwebhooks.vetting.TestRules.NO_INTERFACES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hosts of URLs checked when a webhook is saved, before any DNS. */
class LiteralHostRulesTest {

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
          198.51.100.1             | 198.51.100.1 is a documentation address
          [2001:db8::1]            | 2001:db8:0:0:0:0:0:1 is a documentation address
          [2001::1]                | 2001:0:0:0:0:0:0:1 is a Teredo tunnel address
          [100::1]                 | 100:0:0:0:0:0:0:1 is a discard-only address
          [64:ff9b:1::1]           | 64:ff9b:1:0:0:0:0:1 is a local-use IPv4/IPv6 translation address
          [::ffff:169.254.169.254] | 169.254.169.254 is a link-local address
          [::ffff:a9fe:a9fe]       | 169.254.169.254 is a link-local address
          [::ffff:0:7f00:1]        | 0:0:0:0:ffff:0:7f00:1 embeds 127.0.0.1, which is a loopback address
          [64:ff9b::7f00:1]        | 64:ff9b:0:0:0:0:7f00:1 embeds 127.0.0.1, which is a loopback address
          [2002:7f00:1::]          | 2002:7f00:1:0:0:0:0:0 embeds 127.0.0.1, which is a loopback address
          [fe80::1]                | fe80:0:0:0:0:0:0:1 is a link-local address
          """)
  void refusesLiteralHostsWithoutDns(String host, String reason) {
    assertThat(DEFAULTS.refusalForLiteralHost(host)).isEqualTo(reason);
  }

  /** Each of these is read as an IPv4 address by some URL parser or resolver. */
  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "0x7f000001",
        "0X7F000001",
        "0x7f.0.0.1",
        "0x7f.1",
        "017700000001",
        "0177.0.0.1",
        "2130706433",
        "2130706433.",
        "134744072",
        "127.0.0.01",
        "08.8.8.8",
        "8.8.8.08",
        "127.1",
        "127.0.1",
        "0",
        "0x",
        "256.1.1.1",
        "1.2.3.4.5",
        "hooks.123",
        "hooks.0x1f",
      })
  void refusesNumericHostsInNonCanonicalForms(String host) {
    assertThat(DEFAULTS.refusalForLiteralHost(host))
        .startsWith(host + " is a numeric host in a form URL parsers read differently")
        .endsWith("write IPv4 addresses as four decimal numbers such as 8.8.4.4");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"0x7f000001", "2130706433", "127.1"})
  void allowListCannotAdmitNonCanonicalNumericHosts(String host) {
    AddressRules allowingLoopback =
        AddressRules.withAllowList(List.of("127.0.0.0/8"), NO_INTERFACES);
    assertThat(allowingLoopback.refusalForLiteralHost(host)).contains("numeric host");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "[fe80::1%25lo]",
        "[fe80::1%lo]",
        "[FE80::1%25eth0]",
        "[::1%2]",
        "[2606:4700::1111%25eth0]",
        "[fe80::1%25]",
        "fe80::1%lo"
      })
  void refusesIpv6LiteralsWithAZoneEvenWhenAllowListed(String host) {
    AddressRules allowingEverything =
        AddressRules.withAllowList(List.of("::/0", "0.0.0.0/0"), NO_INTERFACES);
    assertThat(allowingEverything.refusalForLiteralHost(host))
        .isEqualTo(
            host
                + " carries an IPv6 zone (scope) id, which names an interface of this machine;"
                + " write the address without it");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "example.com",
        "hooks.invalid",
        "localhost.invalid",
        "notlocalhost",
        "1e100.net",
        "123.example.com",
        "0x7f000001.example.com",
        "8.8.8.8",
        "8.8.8.8.",
        "[2606:4700::1111]",
        "2606:4700::1111",
        "[not-an-address]",
        "::g"
      })
  void leavesNamesAndPublicLiteralsToResolveTime(String host) {
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
}
