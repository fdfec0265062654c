package io.kcwebhooks.subscription;

import java.util.List;

/**
 * Who a webhook hears about, beyond the event type. Every list is optional: empty means no
 * restriction, which is how every webhook made before these fields existed behaves.
 *
 * @param clients client ids ({@code clientId}, as the admin console shows them) whose events the
 *     webhook wants; empty means every client
 * @param excludeClients client ids whose events it never wants, such as its own service account's
 * @param excludeUsers usernames (or user ids) whose events it never wants
 */
public record Filters(
    List<String> clients, List<String> excludeClients, List<String> excludeUsers) {

  public static final Filters NONE = new Filters(List.of(), List.of(), List.of());

  public Filters {
    clients = List.copyOf(clients);
    excludeClients = List.copyOf(excludeClients);
    excludeUsers = List.copyOf(excludeUsers);
  }

  public boolean isNone() {
    return clients.isEmpty() && excludeClients.isEmpty() && excludeUsers.isEmpty();
  }

  /** Returns a message naming the first invalid entry, or null. */
  public String problem() {
    String problem = NamePatterns.problemWith("clients", clients);
    if (problem == null) {
      problem = NamePatterns.problemWith("excludeClients", excludeClients);
    }
    if (problem == null) {
      problem = NamePatterns.problemWith("excludeUsers", excludeUsers);
    }
    return problem;
  }
}
