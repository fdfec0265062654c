// The webhooks API and the admin API's list of realms, called with the signed-in admin's token.

import { ADMIN_SERVER, SERVER, path } from "./addresses.js";
import { currentToken } from "./signin.js";

async function call(method, url, body) {
  const headers = { Authorization: `Bearer ${await currentToken()}` };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const reason = data && (data.error || data.errorMessage);
    throw new Error(reason || `${response.status} ${response.statusText}`);
  }
  return data;
}

const hooksUrl = (realm, ...rest) => `${SERVER}/realms/${path(realm, "webhooks", ...rest)}`;
export const api = {
  realms: () => call("GET", `${ADMIN_SERVER}/admin/realms?briefRepresentation=true`),
  list: (realm) => call("GET", hooksUrl(realm)),
  get: (realm, id) => call("GET", hooksUrl(realm, id)),
  eventTypes: (realm) => call("GET", hooksUrl(realm, "event-types")),
  create: (realm, hook) => call("POST", hooksUrl(realm), hook),
  update: (realm, id, hook) => call("PUT", hooksUrl(realm, id), hook),
  remove: (realm, id) => call("DELETE", hooksUrl(realm, id)),
  test: (realm, id) => call("POST", hooksUrl(realm, id, "test")),
  deliveries: (realm, id, query) =>
    call("GET", `${hooksUrl(realm, id, "deliveries")}?${new URLSearchParams(query)}`),
  delivery: (realm, id, deliveryId) => call("GET", hooksUrl(realm, id, "deliveries", deliveryId)),
  replay: (realm, id, since) =>
    call("POST", `${hooksUrl(realm, id, "replay")}?${new URLSearchParams({ since })}`),
  resend: (realm, id, deliveryId) =>
    call("POST", hooksUrl(realm, id, "deliveries", deliveryId, "resend")),
};
