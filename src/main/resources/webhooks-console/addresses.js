// Where Keycloak is, as the server wrote it into the page, and the addresses the page builds: the
// servers' from encoded segments, its own views' as "#/{realm}/webhooks/...".

const config = document.body.dataset;
export const LOGIN_REALM = config.realm;
export const SERVER = config.server;
export const ADMIN_SERVER = config.adminServer;

/**
 * URL path segments, each encoded, so that no name or id can add a segment, a query or a
 * fragment. URLs read "." and ".." as steps up even when encoded, so those never pass.
 */
export function path(...segments) {
  return segments
    .map((segment) => {
      const text = String(segment);
      if (text === "" || text === "." || text === "..") {
        throw new Error(`"${text}" cannot be part of an address.`);
      }
      return encodeURIComponent(text);
    })
    .join("/");
}

export const link = (realm, ...rest) => `#/${path(realm, "webhooks", ...rest)}`;

// Webhook ids are UUIDs. Realm names are anything Keycloak accepts: it refuses these characters.
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REALM_RESERVED = /[:/?#@!$&()*+,;=[\]\\]/;

/** The realm and ids an address names, decoded; throws with the reason when one is malformed. */
export function addressed(encoded) {
  const [realm, ...ids] = encoded.map((text) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new Error(`"${text}" is not correctly encoded.`);
    }
  });
  if (realm === "." || realm === ".." || REALM_RESERVED.test(realm)) {
    throw new Error(`"${realm}" is not a realm name.`);
  }
  const bad = ids.find((id) => !ID.test(id));
  if (bad !== undefined) {
    throw new Error(`"${bad}" is not a webhook id.`);
  }
  return [realm, ...ids];
}
