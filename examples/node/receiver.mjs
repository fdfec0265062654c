// A webhook receiver for the Keycloak webhooks extension.
// Run: npm ci && PORT=8000 WEBHOOK_SECRET=... node receiver.mjs
import http from "node:http";
import { Webhook } from "standardwebhooks";

const port = Number(process.env.PORT ?? 8000);
const secret = process.env.WEBHOOK_SECRET;
if (!secret) {
  console.error("WEBHOOK_SECRET is not set");
  process.exit(2);
}

// The extension signs with the decoded key for a whsec_ secret, and with the secret's own
// bytes otherwise; the library needs to be told which one it is.
const wh = secret.startsWith("whsec_")
  ? new Webhook(secret.slice("whsec_".length))
  : new Webhook(Buffer.from(secret, "utf8"), { format: "raw" });

// In memory for the demo only: it forgets on restart. Use a durable store in production.
const seen = new Set();

// Node keeps no stdio buffer: each console.log line goes to the OS at once, with nothing to flush.

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    // The signature covers the exact bytes sent, so verify before any parsing.
    const body = Buffer.concat(chunks).toString("utf8");
    const id = req.headers["webhook-id"];
    let event;
    try {
      event = wh.verify(body, {
        "webhook-id": id,
        "webhook-timestamp": req.headers["webhook-timestamp"],
        "webhook-signature": req.headers["webhook-signature"],
      });
    } catch (err) {
      console.log(`rejected ${err.message}`);
      res.writeHead(401).end();
      return;
    }

    // Retries and resends reuse the webhook-id, so a repeat must be acknowledged, not redone.
    if (seen.has(id)) {
      console.log(`duplicate ${id}`);
    } else {
      seen.add(id);
      console.log(`verified ${id} ${event.type}`);
    }
    res.writeHead(204).end();
  });
});

server.listen(port, () => console.log(`listening ${port}`));
