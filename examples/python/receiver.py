"""A webhook receiver for the Keycloak webhooks extension, standard library only (Python 3.9+).

Run: PORT=8000 WEBHOOK_SECRET=... python3 receiver.py
"""

import base64
import hashlib
import hmac
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60


class VerificationError(Exception):
    pass


def signing_key(secret: str) -> bytes:
    # The extension signs with the decoded key for a whsec_ secret, and with the secret's own
    # bytes otherwise.
    if secret.startswith("whsec_"):
        return base64.b64decode(secret[len("whsec_"):])
    return secret.encode("utf-8")


def verify(key: bytes, headers, body: bytes) -> None:
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signatures = headers.get("webhook-signature")
    if not (msg_id and timestamp and signatures):
        raise VerificationError("missing webhook headers")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise VerificationError("invalid timestamp") from None
    # A captured request replayed later carries an old timestamp it cannot re-sign.
    if abs(time.time() - sent_at) > TOLERANCE_SECONDS:
        raise VerificationError("timestamp outside tolerance")

    signed = msg_id.encode("utf-8") + b"." + timestamp.encode("utf-8") + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode("ascii")
    # During a secret rotation the header may carry several signatures, space-separated.
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return
    raise VerificationError("no matching signature")


def log(line: str) -> None:
    # stdout is block-buffered when it is not a terminal; flush so each line shows at once.
    print(line, flush=True)


class Handler(BaseHTTPRequestHandler):
    key = b""
    # In memory for the demo only: it forgets on restart. Use a durable store in production.
    seen = set()
    seen_lock = threading.Lock()

    def do_POST(self):
        # The signature covers the exact bytes sent, so verify before any parsing.
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            verify(self.key, self.headers, body)
        except VerificationError as e:
            log(f"rejected {e}")
            self.answer(401)
            return

        # Retries and resends reuse the webhook-id, so a repeat must be acknowledged, not redone.
        msg_id = self.headers["webhook-id"]
        with self.seen_lock:
            new = msg_id not in self.seen
            self.seen.add(msg_id)
        if new:
            log(f"verified {msg_id} {json.loads(body).get('type')}")
        else:
            log(f"duplicate {msg_id}")
        self.answer(204)

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        # The default access log goes to stderr; the lines above say what matters.
        pass


def main() -> None:
    port = int(os.environ.get("PORT", "8000"))
    secret = os.environ.get("WEBHOOK_SECRET")
    if not secret:
        sys.exit("WEBHOOK_SECRET is not set")
    Handler.key = signing_key(secret)
    server = ThreadingHTTPServer(("", port), Handler)
    log(f"listening {port}")
    server.serve_forever()


if __name__ == "__main__":
    main()
