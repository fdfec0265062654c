#!/usr/bin/env bash
# Cluster mode of the benchmark: backlog drain rate with one Keycloak node, then with two,
# clustered on PostgreSQL (127.0.0.1:5432, user postgres). Results: target/bench-cluster/results.md.
# Settings are environment variables, e.g. WEBHOOKS=10 TOKENS=1000 bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WEBHOOKS=${WEBHOOKS:-10}     # webhooks matching every event
TOKENS=${TOKENS:-2000}       # token requests per phase; deliveries = WEBHOOKS x TOKENS
WORKERS=${WORKERS:-16}       # delivery workers per node
DB=kcw_bench_cluster
OUT=target/bench-cluster
RECEIVER_PORT=28190
HOOK_URL=http://127.0.0.1:$RECEIVER_PORT/hook
CONTROL_URL=http://127.0.0.1:$RECEIVER_PORT/control
A_PORT=28180
B_PORT=28280
TOKEN_URL=http://127.0.0.1:$A_PORT/realms/bench/protocol/openid-connect/token

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

PIDS=()
cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do pkill -TERM -P "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done
  sleep 2
  for pid in "${PIDS[@]}"; do pkill -KILL -P "$pid" 2>/dev/null; kill -9 "$pid" 2>/dev/null; done
}
trap cleanup EXIT

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -qAtc "$1"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
stats() { curl -sf "$CONTROL_URL/stats"; }
answer() { curl -sf -X POST "$CONTROL_URL/status/$1" >/dev/null; }

wait_ready() { # port
  for _ in $(seq 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/realms/master" && return 0
    sleep 1
  done
  die "Keycloak on port $1 did not start"
}

start_node() { # name port cluster-port
  local home=$OUT/$1
  "$home/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
    --http-host=127.0.0.1 --http-port="$2" --http-management-port=$(($2 + 1000)) \
    --cache-embedded-network-bind-address=127.0.0.1 --cache-embedded-network-bind-port="$3" \
    --db-url=jdbc:postgresql://127.0.0.1:5432/$DB --db-username=postgres --db-password=unused \
    --spi-webhook-delivery--default--allowed-targets=127.0.0.1/32 \
    --spi-webhook-delivery--default--workers="$WORKERS" \
    --spi-webhook-delivery--default--retry-schedule="2s$(printf ',2s%.0s' $(seq 48))" \
    >"$OUT/$1.log" 2>&1 &
  PIDS+=($!)
  wait_ready "$2"
}

admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "http://127.0.0.1:$A_PORT/realms/master/protocol/openid-connect/token" | json '["access_token"]'
}

# One phase: pile up WEBHOOKS x TOKENS deliveries against a 503 receiver, then answer 200 and time
# how fast the nodes empty the backlog, from the first 200 to the last.
drain_phase() { # label
  answer 503
  curl -sf -X POST "$CONTROL_URL/reset" >/dev/null
  log "$1: $TOKENS token requests x $WEBHOOKS webhooks against a 503 receiver"
  java -cp "$OUT/classes" Load count "$TOKEN_URL" 16 "$TOKENS" >/dev/null
  local expected=$((TOKENS * WEBHOOKS))
  for _ in $(seq 300); do
    [[ $(stats | json '["requests"]') -ge $expected ]] && break
    sleep 1
  done
  curl -sf -X POST "$CONTROL_URL/reset" >/dev/null
  answer 200
  log "$1: draining $expected deliveries"
  for _ in $(seq 600); do
    [[ $(stats | json '["distinctOk"]') -ge $expected ]] && break
    sleep 1
  done
  local s; s=$(stats)
  local delivered; delivered=$(json '["distinctOk"]' <<<"$s")
  [[ $delivered -ge $expected ]] || die "$1: only $delivered of $expected delivered"
  local ms=$(($(json '["lastOkMs"]' <<<"$s") - $(json '["firstOkMs"]' <<<"$s")))
  local rate=$((delivered * 1000 / (ms > 0 ? ms : 1)))
  log "$1: $delivered deliveries in $ms ms = $rate/s, duplicates $(json '["duplicates"]' <<<"$s")"
  echo "| $1 | $delivered | $ms | $rate | $(json '["duplicates"]' <<<"$s") |" >>"$OUT/results.md"
}

log "building the extension"
mvn -q -B package -DskipTests
rm -rf "$OUT" && mkdir -p "$OUT/classes"
javac -d "$OUT/classes" bench/Receiver.java bench/Load.java

psql_admin "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql_admin "CREATE DATABASE $DB"

log "installing two nodes (kc.sh build --db=postgres --cache=ispn)"
cp -a target/keycloak-dist/keycloak-*/ "$OUT/a"
rm -rf "$OUT/a/data"
rm -f "$OUT"/a/providers/keycloak-webhooks*.jar # ./run.sh may have put one there
cp target/keycloak-webhooks-*.jar "$OUT/a/providers/"
"$OUT/a/bin/kc.sh" build --db=postgres --cache=ispn >"$OUT/build.log" 2>&1
cp -a "$OUT/a" "$OUT/b"

java -cp "$OUT/classes" Receiver "$RECEIVER_PORT" 64 >"$OUT/receiver.log" 2>&1 &
PIDS+=($!)

export KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin
log "starting node A"
start_node a "$A_PORT" 7900

TOKEN=$(admin_token)
curl -sf -X POST "http://127.0.0.1:$A_PORT/admin/realms" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"realm": "bench", "enabled": true,
   "eventsListeners": ["ext-event-webhook"],
   "clients": [{"clientId": "bench", "secret": "bench-secret", "publicClient": false,
                "serviceAccountsEnabled": true}]}' || die "creating the realm"
for _ in $(seq "$WEBHOOKS"); do
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$A_PORT/realms/bench/webhooks" \
    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"url\": \"$HOOK_URL\", \"secret\": \"s3cret\", \"eventTypes\": [\"*\"]}" \
    || die "creating a webhook"
done

{
  echo "# Cluster drain, $(date -u +%FT%TZ)"
  echo
  echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -n 1)"
  echo "PostgreSQL on 127.0.0.1; $WEBHOOKS webhooks x $TOKENS tokens per phase; $WORKERS workers per node"
  echo
  echo "| nodes | delivered | ms | deliveries/s | duplicates |"
  echo "|---|---|---|---|---|"
} >"$OUT/results.md"

drain_phase "one node"
log "starting node B"
start_node b "$B_PORT" 7901
drain_phase "two nodes"

echo
cat "$OUT/results.md"
