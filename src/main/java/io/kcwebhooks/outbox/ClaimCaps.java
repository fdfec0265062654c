package io.kcwebhooks.outbox;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How many more deliveries a claim may take per webhook and per realm: the caller's limits minus
 * what it holds. Webhooks on probation (not proven, see the dispatcher) have smaller limits of
 * their own, and all of a realm's webhooks on probation together have one more. A claim leaves
 * saturated webhooks and realms out of its query, takes only proven webhooks of a realm whose
 * probation room is full, and takes no more of the others' due rows than their room allows.
 */
public final class ClaimCaps {

  /** Most deliveries held for one webhook, and for one realm. */
  public record Limits(int perWebhook, int perRealm) {}

  private final Limits limits;
  private final Limits probation;
  private final Map<String, String> proven;
  private final Map<String, Integer> webhookBusy;
  private final Map<String, Integer> realmBusy;
  private final Map<String, Integer> probationBusy;

  /**
   * @param limits for every webhook and realm
   * @param probation for each webhook on probation, and for all of a realm's together
   * @param proven the realm id of each webhook not on probation
   * @param webhookBusy deliveries held per webhook id
   * @param realmBusy deliveries held per realm id
   * @param probationBusy deliveries of webhooks on probation held per realm id
   */
  public ClaimCaps(
      Limits limits,
      Limits probation,
      Map<String, String> proven,
      Map<String, Integer> webhookBusy,
      Map<String, Integer> realmBusy,
      Map<String, Integer> probationBusy) {
    this.limits = limits;
    this.probation = probation;
    this.proven = Map.copyOf(proven);
    this.webhookBusy = new HashMap<>(webhookBusy);
    this.realmBusy = new HashMap<>(realmBusy);
    this.probationBusy = new HashMap<>(probationBusy);
  }

  public Set<String> saturatedWebhooks() {
    return webhookBusy.entrySet().stream()
        .filter(entry -> entry.getValue() >= webhookLimit(entry.getKey()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  public Set<String> saturatedRealms() {
    return saturated(realmBusy, limits.perRealm());
  }

  /** Realms, not saturated, whose webhooks on probation hold all their room. */
  public Set<String> realmsFullOnProbation() {
    Set<String> full = saturated(probationBusy, probation.perRealm());
    full.removeAll(saturatedRealms());
    return full;
  }

  /** The proven webhooks of these realms, which a claim may still take of them. */
  public Set<String> provenWebhooksOf(Set<String> realmIds) {
    return proven.entrySet().stream()
        .filter(entry -> realmIds.contains(entry.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  /** Whether some webhook or realm is full, so that a claim must leave it out. */
  public boolean leaveSomeOut() {
    return !saturatedWebhooks().isEmpty()
        || !saturatedRealms().isEmpty()
        || !realmsFullOnProbation().isEmpty();
  }

  /** Counts a delivery in when its webhook and realm both have room left; false otherwise. */
  public boolean admit(String webhookId, String realmId) {
    boolean onProbation = !proven.containsKey(webhookId);
    if (webhookBusy.getOrDefault(webhookId, 0) >= webhookLimit(webhookId)
        || realmBusy.getOrDefault(realmId, 0) >= limits.perRealm()
        || (onProbation && probationBusy.getOrDefault(realmId, 0) >= probation.perRealm())) {
      return false;
    }
    webhookBusy.merge(webhookId, 1, Integer::sum);
    realmBusy.merge(realmId, 1, Integer::sum);
    if (onProbation) {
      probationBusy.merge(realmId, 1, Integer::sum);
    }
    return true;
  }

  private int webhookLimit(String webhookId) {
    return proven.containsKey(webhookId) ? limits.perWebhook() : probation.perWebhook();
  }

  private static Set<String> saturated(Map<String, Integer> busy, int limit) {
    return busy.entrySet().stream()
        .filter(entry -> entry.getValue() >= limit)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
