package io.kcwebhooks.outbox;

/**
 * What the request that produced an event knew and the threads that send its deliveries cannot ask
 * for: stored with the event, sent with every attempt.
 *
 * @param issuer the realm's URL as the request saw it, the {@code iss} of bearer tokens; or null
 * @param traceParent the W3C {@code traceparent} of the request's span when Keycloak's tracing is
 *     on; or null
 */
public record ProducingRequest(String issuer, String traceParent) {

  public static final ProducingRequest NONE = new ProducingRequest(null, null);
}
