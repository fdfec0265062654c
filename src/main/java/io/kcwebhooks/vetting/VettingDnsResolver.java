package io.kcwebhooks.vetting;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.apache.http.conn.DnsResolver;

/**
 * Resolves target hosts and keeps only the addresses the rules allow. Because the HTTP client
 * connects to exactly the addresses returned here, there is no window between the check and the
 * connection for DNS rebinding.
 */
public final class VettingDnsResolver implements DnsResolver {

  private final AddressRules rules;

  public VettingDnsResolver(AddressRules rules) {
    this.rules = rules;
  }

  @Override
  public InetAddress[] resolve(String host) throws UnknownHostException {
    InetAddress[] resolved = InetAddress.getAllByName(host);
    InetAddress[] allowed =
        Arrays.stream(resolved)
            .filter(address -> rules.refusal(host, address) == null)
            .toArray(InetAddress[]::new);
    if (allowed.length == 0) {
      throw new RefusedAddressException(rules.refusal(host, resolved[0]));
    }
    return allowed;
  }

  /** The target resolved only to addresses the rules forbid. */
  public static final class RefusedAddressException extends UnknownHostException {
    RefusedAddressException(String reason) {
      super(reason);
    }
  }
}
