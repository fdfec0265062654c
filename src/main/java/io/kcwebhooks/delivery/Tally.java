package io.kcwebhooks.delivery;

import java.util.HashMap;
import java.util.Map;

/** Counts per webhook and per realm; zero counts are dropped so that the maps stay small. */
final class Tally {
  final Map<String, Integer> webhooks = new HashMap<>();
  final Map<String, Integer> realms = new HashMap<>();

  void add(SendJob job, int delta) {
    change(webhooks, job.delivery().webhookId(), delta);
    change(realms, job.delivery().realmId(), delta);
  }

  int webhook(SendJob job) {
    return webhooks.getOrDefault(job.delivery().webhookId(), 0);
  }

  int realm(SendJob job) {
    return realms.getOrDefault(job.delivery().realmId(), 0);
  }

  private static void change(Map<String, Integer> counts, String key, int delta) {
    counts.merge(key, delta, (a, b) -> a + b == 0 ? null : a + b);
  }
}
