package io.kcwebhooks.vetting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** This machine's own addresses are refused whatever block they are in. */
class OwnAddressRulesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          8.8.4.4           | 8.8.4.4 is an address of this machine
          ::ffff:8.8.4.4    | 8.8.4.4 is an address of this machine
          2606:4700::1111   | 2606:4700:0:0:0:0:0:1111 is an address of this machine
          64:ff9b::808:404  | 64:ff9b:0:0:0:0:808:404 embeds 8.8.4.4, which is an address of this machine
          2002:808:404::1   | 2002:808:404:0:0:0:0:1 embeds 8.8.4.4, which is an address of this machine
          """)
  void refusesAddressesOfThisMachineEvenInPublicBlocks(String address, String reason)
      throws Exception {
    AddressRules rules = AddressRules.withAllowList(List.of(), publicInterfaces());
    assertThat(rules.refusal("hooks.invalid", InetAddress.getByName(address))).isEqualTo(reason);
    assertThat(rules.refusal("hooks.invalid", InetAddress.getByName("8.8.8.8"))).isNull();
  }

  @Test
  void comparesInterfaceAddressesWithoutTheirZone() throws Exception {
    AddressRules rules = AddressRules.withAllowList(List.of(), publicInterfaces());
    assertThat(rules.refusal("hooks.invalid", InetAddress.getByName("2001:4860:4860::8888")))
        .isEqualTo("2001:4860:4860:0:0:0:0:8888 is an address of this machine");
  }

  @Test
  void refusesLiteralHostsThatAreAddressesOfThisMachine() throws Exception {
    AddressRules rules = AddressRules.withAllowList(List.of(), publicInterfaces());
    assertThat(rules.refusalForLiteralHost("8.8.4.4"))
        .isEqualTo("8.8.4.4 is an address of this machine");
  }

  @Test
  void allowListOverridesTheMachinesOwnAddresses() throws Exception {
    AddressRules rules = AddressRules.withAllowList(List.of("8.8.4.4/32"), publicInterfaces());
    assertThat(rules.refusal("hooks.invalid", InetAddress.getByName("8.8.4.4"))).isNull();
    assertThat(rules.refusalForLiteralHost("8.8.4.4")).isNull();
  }

  /** The rules production uses, on the interfaces this machine really has. */
  @Test
  void refusesEveryAddressOfTheInterfacesOfThisMachine() throws Exception {
    AddressRules rules = AddressRules.withAllowList(List.of());
    List<InetAddress> addresses =
        NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses).toList();
    assertThat(addresses).isNotEmpty();
    for (InetAddress address : addresses) {
      InetAddress unscoped = InetAddress.getByAddress(address.getAddress());
      assertThat(rules.refusal("hooks.invalid", unscoped))
          .isEqualTo(unscoped.getHostAddress() + " is an address of this machine");
    }
  }

  /** A machine whose interfaces have public addresses, one of them with a zone. */
  private static OwnAddresses publicInterfaces() throws UnknownHostException {
    Set<InetAddress> addresses =
        Set.of(
            InetAddress.getByName("8.8.4.4"),
            InetAddress.getByName("2606:4700::1111"),
            Inet6Address.getByAddress(
                "eth0", InetAddress.getByName("2001:4860:4860::8888").getAddress(), 2));
    return new OwnAddresses(() -> addresses, Clock.systemUTC());
  }
}
