// Drives the webhooks admin page in headless Chromium the way an admin would: sign in through
// Keycloak's login page, see crafted addresses refused without a request, create a webhook, send a test, disable and enable it, edit it, fire an
// event, find its delivery and attempts, resend it, replay a failure once its endpoint is back;
// then a realm user with only view-events is refused a change; then delete the webhook, open a
// second tab on the same Keycloak session and sign out. Each step waits for what the page must
// show, with a deadline, and the script exits non-zero at the first miss. All along, the page's
// Content-Security-Policy must not block anything it does. ConsoleBrowserIT runs it against the
// test server and checks the receiver's side.
//
// Environment: KC_URL, ADMIN_USER, ADMIN_PASSWORD (of the master realm), REALM, VIEWER_USER,
// VIEWER_PASSWORD (a user of REALM with view-events only), CLIENT_ID, CLIENT_SECRET (a client of
// REALM), RECEIVER_URL, SECRET, SCREENSHOTS (a folder), CHROMIUM (defaults to /usr/bin/chromium).

import http from "node:http";
import { chromium } from "playwright-core";

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const KC = env("KC_URL");
const REALM = env("REALM");
const RECEIVER = env("RECEIVER_URL");
const SHOTS = env("SCREENSHOTS");
const STEP = 20_000;

const browser = await chromium.launch({
  executablePath: env("CHROMIUM", "/usr/bin/chromium"),
  // Flags for a closed network and a root user in a container, as Debian's package needs them.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
// Anything the Content-Security-Policy blocked, in any tab, as the page and Chromium report it.
const violations = [];
async function watched(tab) {
  await tab.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`),
    ),
  );
  tab.on("console", (message) => {
    if (message.type() === "error" && /Content.Security.Policy|CSP/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  tab.on("pageerror", (error) => console.log(`page error: ${error.message}`));
  tab.setDefaultTimeout(STEP);
  return tab;
}
const page = await watched(await context.newPage());

const step = (name) => console.log(`step: ${name}`);
// Toasts are closed first so that they do not cover the page in the pictures.
async function shot(name) {
  await page.evaluate(() => document.getElementById("toasts").replaceChildren());
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}
const row = () => page.locator(`[data-testid="webhook-row"][data-url="${RECEIVER}"]`);
const toast = (text) => page.getByTestId("toast").filter({ hasText: text }).first().waitFor();

/** A real HTTP receiver that answers `state.status`, 500 until a step changes it. */
function flakyReceiver() {
  const state = { status: 500 };
  const server = http.createServer((request, response) => {
    request.resume();
    request.on("end", () => response.writeHead(state.status).end());
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/flaky`,
        state,
        close: () => server.close(),
      }),
    ),
  );
}

async function fireEvent() {
  const response = await fetch(`${KC}/realms/${REALM}/protocol/openid-connect/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: env("CLIENT_ID"),
      client_secret: env("CLIENT_SECRET"),
    }),
  });
  if (!response.ok) throw new Error(`token request failed: ${response.status}`);
}

async function until(what, check) {
  const deadline = Date.now() + STEP;
  while (Date.now() < deadline) {
    if (await check()) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The URLs of the requests the page sends while `action` runs. */
async function requestsDuring(action) {
  const sent = [];
  const record = (request) => sent.push(request.url());
  page.on("request", record);
  try {
    await action();
  } finally {
    page.off("request", record);
  }
  return sent;
}

try {
  step("sign in through Keycloak's login page");
  const served = await page.goto(`${KC}/realms/master/webhooks-console/#/${REALM}/webhooks`);
  const policy = served.headers()["content-security-policy"] ?? "";
  if (!policy.includes("default-src 'none'") || !policy.includes("frame-ancestors 'none'"))
    throw new Error(`the page's Content-Security-Policy is "${policy}"`);
  const login = page.frameLocator('[data-testid="sign-in"]');
  await login.locator("#username").fill(env("ADMIN_USER"));
  await login.locator("#password").fill(env("ADMIN_PASSWORD"));
  await shot("sign-in");
  await login.locator("#kc-login").click();
  await until(
    "the signed-in user",
    async () => (await page.getByTestId("username").textContent()) === env("ADMIN_USER"),
  );
  await page.getByTestId("empty-state").waitFor();

  step("crafted addresses are refused with a message, and send nothing outside the webhooks API");
  const webhooksApi = `${KC}/realms/${REALM}/webhooks`;
  const crafted = [
    [
      `#/${REALM}/webhooks/..%2F..%2F..%2Fadmin%2Frealms%2Fmaster%2Fusers%3Fx%3D/deliveries`,
      "is not a webhook id",
    ],
    [`#/${REALM}/webhooks/..%2F..%2F..%2Fadmin%2Frealms%2Fmaster%2Fusers`, "is not a webhook id"],
    ["#/..%2F..%2Fadmin%2Frealms%2Fmaster%2Fusers%3Fx%3D/webhooks", "is not a realm name"],
    ["#/%2E%2E/webhooks", "is not a realm name"],
    [`#/${REALM}/webhooks/%E0%A4%A/deliveries`, "is not correctly encoded"],
  ];
  const goTo = (hash) => page.evaluate((fragment) => (location.hash = fragment), hash);
  for (const [fragment, reason] of crafted) {
    const sent = await requestsDuring(async () => {
      await goTo(fragment);
      await page.getByTestId("page-error").getByText(reason).waitFor();
    });
    // Chromium asks for the page's icon again on every change of address: a file of Keycloak's
    // theme, fetched without the admin's token.
    const outside = sent.filter(
      (url) => !url.startsWith(webhooksApi) && !url.startsWith(`${KC}/resources/`),
    );
    if (outside.length > 0) throw new Error(`${fragment} sent ${outside.join(", ")}`);
    if (fragment === crafted[0][0]) await shot("crafted-address");
    // Back to the list, so that the next address's message cannot be this one's.
    await goTo(`#/${REALM}/webhooks`);
    await page.getByTestId("empty-state").waitFor();
  }

  step("a bad URL is refused with the API's message and nothing is stored");
  await page.getByTestId("create").first().click();
  await page.getByTestId("url").fill("ftp://example.com/hook");
  await page.getByTestId("save").click();
  await page.getByTestId("form-errors").getByText("url").first().waitFor();

  step("create a webhook with a type from the catalog and a client filter");
  await page.getByTestId("url").fill(RECEIVER);
  await page.getByTestId("event-types").fill("");
  await page.getByTestId("known-type").selectOption("access.CLIENT_LOGIN");
  await page.getByTestId("add-type").click();
  if ((await page.getByTestId("event-types").inputValue()) !== "access.CLIENT_LOGIN")
    throw new Error("the type chosen from the catalog was not added");
  await page.getByTestId("clients").fill(env("CLIENT_ID"));
  await page.getByTestId("secret").fill(env("SECRET"));
  await page.getByTestId("max-rate").fill("50");
  await page.getByTestId("headers").fill("X-Api-Key: k-from-the-browser");
  await shot("create-webhook");
  await page.getByTestId("save").click();
  await toast("Webhook created");
  await row().waitFor();
  if ((await page.getByTestId("webhook-row").count()) !== 1)
    throw new Error("the refused webhook was stored");

  step("send a test ping");
  await row().getByTestId("test").click();
  await toast("Test ping delivered");

  step("disable and enable");
  await row().getByTestId("toggle").click();
  await toast("Webhook disabled");
  await row().getByTestId("label").getByText("Disabled").waitFor();
  await row().getByTestId("toggle").click();
  await toast("Webhook enabled");
  await row().getByTestId("label").getByText("Enabled").waitFor();

  step("edit: the secret stays write-only");
  await row().getByTestId("edit").click();
  await page.getByTestId("webhook-form").waitFor();
  if ((await page.getByTestId("secret").inputValue()) !== "")
    throw new Error("the form shows the secret");
  if (await page.content().then((html) => html.includes(env("SECRET"))))
    throw new Error("the page holds the secret");
  if ((await page.getByTestId("clients").inputValue()) !== env("CLIENT_ID"))
    throw new Error("the client filter was not stored");
  if ((await page.getByTestId("max-rate").inputValue()) !== "50")
    throw new Error("the rate limit was not stored");
  if ((await page.getByTestId("headers").inputValue()) !== "")
    throw new Error("the form shows a header's value");
  if (!(await page.getByTestId("headers").getAttribute("placeholder")).includes("X-Api-Key"))
    throw new Error("the form does not name the stored header");
  if (await page.content().then((html) => html.includes("k-from-the-browser")))
    throw new Error("the page holds a header's value");
  await page.getByTestId("event-types").fill("access.CLIENT_LOGIN\nadmin.CLIENT-*");
  await shot("edit-webhook");
  await page.getByTestId("save").click();
  await toast("Webhook saved");
  await row().getByText("admin.CLIENT-*").waitFor();
  await shot("webhooks");

  step("fire an event");
  await fireEvent();

  step("see the delivery and its attempt");
  await row().getByTestId("deliveries").click();
  const delivery = page
    .locator('[data-testid="delivery-row"]')
    .filter({ hasText: "access.CLIENT_LOGIN" })
    .first();
  await until("a delivered access.CLIENT_LOGIN", async () => {
    await page.getByTestId("refresh").click();
    return (
      (await delivery.count()) === 1 && (await delivery.getAttribute("data-status")) === "delivered"
    );
  });
  const deliveryId = await delivery.getAttribute("data-id");
  await delivery.getByTestId("details").click();
  await page.getByTestId("attempt-row").filter({ hasText: "HTTP 200" }).first().waitFor();
  await page.getByTestId("payload").getByText(deliveryId).first().waitFor();
  await shot("delivery");

  step("resend it");
  await delivery.getByTestId("resend").click();
  await toast("Delivery queued again");
  await until("a second attempt", async () => {
    await page.getByTestId("refresh").click();
    const resent = page.locator(`[data-testid="delivery-row"][data-id="${deliveryId}"]`);
    return (
      (await resent.getAttribute("data-status")) === "delivered" &&
      (await resent.getByTestId("attempts").textContent()) === "2"
    );
  });
  await page
    .locator(`[data-testid="delivery-row"][data-id="${deliveryId}"]`)
    .getByTestId("details")
    .click();
  await until(
    "two attempt rows",
    async () => (await page.getByTestId("attempt-row").count()) === 2,
  );
  await shot("deliveries");
  console.log(`resent ${deliveryId}`);

  step("replay a delivery that failed while its endpoint was down");
  const flaky = await flakyReceiver();
  await page.goto(`${KC}/realms/master/webhooks-console/#/${REALM}/webhooks/new`);
  await page.getByTestId("url").fill(flaky.url);
  await page.getByTestId("event-types").fill("access.CLIENT_LOGIN");
  await page.getByTestId("save").click();
  const flakyRow = page.locator(`[data-testid="webhook-row"][data-url="${flaky.url}"]`);
  await flakyRow.getByTestId("deliveries").click();
  await fireEvent();
  const failed = page.locator('[data-testid="delivery-row"][data-status="failed"]');
  await until("the delivery to fail", async () => {
    await page.getByTestId("refresh").click();
    return (await failed.count()) === 1;
  });
  const failedId = await failed.getAttribute("data-id");
  flaky.state.status = 200;
  await page.getByTestId("replay").click();
  await page.getByTestId("replay-since").waitFor();
  await shot("replay");
  await page.getByTestId("confirm-action").click();
  await toast("1 failed delivery queued again");
  await until("the replayed delivery to arrive", async () => {
    await page.getByTestId("refresh").click();
    const replayed = page.locator(`[data-testid="delivery-row"][data-id="${failedId}"]`);
    return (await replayed.getAttribute("data-status")) === "delivered";
  });
  await page.getByTestId("status-filter").selectOption("failed");
  await page.getByTestId("empty-state").waitFor();
  if ((await page.locator("main").innerText()).includes("null"))
    throw new Error("the page shows null");
  await page.goto(`${KC}/realms/master/webhooks-console/#/${REALM}/webhooks`);
  await flakyRow.getByTestId("delete").click();
  await page.getByTestId("confirm-action").click();
  await flakyRow.waitFor({ state: "detached" });
  flaky.close();

  step("a viewer of the realm sees the webhook but cannot change it");
  const viewerContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const viewer = await watched(await viewerContext.newPage());
  await viewer.goto(`${KC}/realms/${REALM}/webhooks-console/`);
  const viewerLogin = viewer.frameLocator('[data-testid="sign-in"]');
  await viewerLogin.locator("#username").fill(env("VIEWER_USER"));
  await viewerLogin.locator("#password").fill(env("VIEWER_PASSWORD"));
  await viewerLogin.locator("#kc-login").click();
  const viewerRow = viewer.locator(`[data-testid="webhook-row"][data-url="${RECEIVER}"]`);
  await viewerRow.waitFor();
  await viewerRow.getByTestId("toggle").click();
  await viewer.getByTestId("toast").filter({ hasText: "manage-events" }).first().waitFor();
  await viewerContext.close();

  step("delete the webhook");
  await page.goto(`${KC}/realms/master/webhooks-console/#/${REALM}/webhooks`);
  await row().getByTestId("delete").click();
  await page.getByTestId("confirm").waitFor();
  await shot("delete-webhook");
  await page.getByTestId("confirm-action").click();
  await toast("Webhook deleted");
  await page.getByTestId("empty-state").waitFor();

  step("a second tab is let in by the Keycloak session, without a prompt");
  const second = await watched(await context.newPage());
  await second.goto(`${KC}/realms/master/webhooks-console/#/${REALM}/webhooks`);
  await second.getByTestId("empty-state").waitFor({ timeout: STEP });
  if ((await second.getByTestId("sign-in").count()) !== 0)
    throw new Error("the second tab asked to sign in");

  step("sign out");
  await second.getByRole("button", { name: "Sign out" }).click();
  await second
    .frameLocator('[data-testid="sign-in"]')
    .locator("#username")
    .waitFor({ timeout: STEP });

  if (violations.length > 0)
    throw new Error(`the Content-Security-Policy blocked:\n${violations.join("\n")}`);
  console.log("console e2e passed");
} catch (error) {
  await page.screenshot({ path: `${SHOTS}/failure.png`, fullPage: true }).catch(() => {});
  console.log(`console e2e failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
