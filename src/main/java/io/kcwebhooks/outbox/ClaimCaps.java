package io.kcwebhooks.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How many more requests a claim may start per webhook and per realm: the caller's limits minus
 * what it has in flight. A claim leaves saturated webhooks and realms out of its query, and takes
 * no more of the others' due rows than their room allows.
 */
public final class ClaimCaps {

  private final int perWebhook;
  private final int perRealm;
  private final Map<String, Integer> webhookBusy;
  private final Map<String, Integer> realmBusy;

  /**
   * @param webhookBusy requests in flight per webhook id
   * @param realmBusy requests in flight per realm id
   */
  public ClaimCaps(
      int perWebhook,
      int perRealm,
      Map<String, Integer> webhookBusy,
      Map<String, Integer> realmBusy) {
    this.perWebhook = perWebhook;
    this.perRealm = perRealm;
    this.webhookBusy = new HashMap<>(webhookBusy);
    this.realmBusy = new HashMap<>(realmBusy);
  }

  public Set<String> saturatedWebhooks() {
    return saturated(webhookBusy, perWebhook);
  }

  public Set<String> saturatedRealms() {
    return saturated(realmBusy, perRealm);
  }

  /** Whether some webhook or realm is full, so that a claim must leave it out. */
  public boolean leaveSomeOut() {
    return !saturatedWebhooks().isEmpty() || !saturatedRealms().isEmpty();
  }

  /** Counts a delivery in when its webhook and realm both have room left; false otherwise. */
  public boolean admit(String webhookId, String realmId) {
    if (webhookBusy.getOrDefault(webhookId, 0) >= perWebhook
        || realmBusy.getOrDefault(realmId, 0) >= perRealm) {
      return false;
    }
    webhookBusy.merge(webhookId, 1, Integer::sum);
    realmBusy.merge(realmId, 1, Integer::sum);
    return true;
  }

  private static Set<String> saturated(Map<String, Integer> busy, int limit) {
    return busy.entrySet().stream()
        .filter(entry -> entry.getValue() >= limit)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
