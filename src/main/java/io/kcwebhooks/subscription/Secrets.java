package io.kcwebhooks.subscription;

import java.time.Duration;
import java.util.List;

/**
 * The secrets a webhook signs with: the current one and, for a while after it was changed, the one
 * before it, so that receivers can switch to the new secret without rejecting a delivery. Never
 * written out by the API.
 *
 * @param current the secret, or null when deliveries are not signed
 * @param previous the secret it replaced, or null
 * @param previousUntil when the previous secret stops signing, epoch milliseconds
 */
public record Secrets(String current, String previous, long previousUntil) {

  public static final Secrets NONE = new Secrets(null, null, 0);

  public static Secrets of(String current) {
    return new Secrets(current, null, 0);
  }

  /**
   * Says which secrets are set and never what they are, also for every record that holds these (a
   * webhook, its endpoint, a delivery and its send job), so that no log line can leak them.
   */
  @Override
  public String toString() {
    return "Secrets[current="
        + (current == null ? "none" : "(hidden)")
        + ", previous="
        + (previous == null ? "none" : "(hidden)")
        + ", previousUntil="
        + previousUntil
        + "]";
  }

  public boolean signs() {
    return current != null && !current.isEmpty();
  }

  /** The secrets that sign at {@code now}: the current one first. */
  public List<String> signingAt(long now) {
    if (!signs()) {
      return List.of();
    }
    return previousSignsAt(now) ? List.of(current, previous) : List.of(current);
  }

  public boolean previousSignsAt(long now) {
    return previous != null && now < previousUntil;
  }

  /**
   * What a change to {@code next} makes of these secrets: a new secret keeps the replaced one
   * signing for {@code window}; the same secret keeps the rotation under way; no secret, or a first
   * one, has nothing to keep.
   */
  public Secrets changedTo(String next, long now, Duration window) {
    Secrets changed = of(next);
    if (!changed.signs() || !signs()) {
      return changed;
    }
    if (next.equals(current)) {
      return previousSignsAt(now) ? this : changed;
    }
    return window.isZero() ? changed : new Secrets(next, current, now + window.toMillis());
  }
}
