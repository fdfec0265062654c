package io.kcwebhooks.vetting;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Rules for the address tests. They see a machine without interfaces, so that each address is
 * judged by its block alone.
 */
final class TestRules {

  static final OwnAddresses NO_INTERFACES = new OwnAddresses(Set::of, Clock.systemUTC());
  static final AddressRules DEFAULTS = AddressRules.withAllowList(List.of(), NO_INTERFACES);
  static final AddressRules ALLOWING =
      AddressRules.withAllowList(
          List.of(
              "10.1.0.0/16",
              "192.168.5.5",
              " fd00:1::/32 ",
              "hooks.internal.invalid",
              "*.corp.invalid",
              "*.internal.example",
              "LocalHost",
              "gateway.invalid."),
          NO_INTERFACES);

  private TestRules() {}
}
