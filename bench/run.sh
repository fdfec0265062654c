#!/usr/bin/env bash
# Benchmark of the webhooks extension on the Keycloak distribution, with its embedded H2 database
# or (DB=postgres) with the machine's PostgreSQL on 127.0.0.1:5432, user postgres.
# What it measures and how to read it: docs/benchmarks.md. Results: target/bench/results.md.
# Settings are environment variables, e.g. ROUNDS=1 ROUND_SECONDS=5 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-4}                       # alternating off/on rounds for cost and throughput
ROUND_SECONDS=${ROUND_SECONDS:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-40}
CLIENTS=${CLIENTS:-16}                    # concurrent token clients in closed-loop load
LATENCY_SECONDS=${LATENCY_SECONDS:-30}
SCALE_WEBHOOKS=${SCALE_WEBHOOKS:-"10 50"}
SCALE_ROUNDS=${SCALE_ROUNDS:-2}
SCALE_DELIVERIES=${SCALE_DELIVERIES:-10000} # per scale round: 1,000 tokens x 10 webhooks, 200 x 50
BACKLOG_WEBHOOKS=${BACKLOG_WEBHOOKS:-10}
BACKLOG_TOKENS=${BACKLOG_TOKENS:-5000}    # 10 x 5,000 = 50,000 deliveries to drain
DRAIN_SECONDS=${DRAIN_SECONDS:-120}       # the drain is measured for at most this long
MEMORY_WEBHOOKS=${MEMORY_WEBHOOKS:-20}
MEMORY_TOKENS=${MEMORY_TOKENS:-5000}      # 20 x 5,000 = 100,000 more pending for the heap figure
ROUND_WAIT_SECONDS=${ROUND_WAIT_SECONDS:-60} # longest wait for a round's deliveries after its load
CEILING_SECONDS=${CEILING_SECONDS:-15}
WORKERS=${WORKERS:-16}                    # the extension's delivery workers
KC_HEAP=${KC_HEAP:-"-Xms1g -Xmx1g"}       # fixed, so that heap resizing does not blur CPU figures
JFR=${JFR:-0}                             # 1: JFR profiles of the rounds and of the drain
DB=${DB:-h2}                              # h2 (embedded) or postgres
REF=${REF:-}                              # a commit to measure instead of the working tree

KC_PORT=28080
MGMT_PORT=29000
RECEIVER_PORT=28090
KC_URL=http://127.0.0.1:$KC_PORT
HOOK_URL=http://127.0.0.1:$RECEIVER_PORT/hook
CONTROL_URL=http://127.0.0.1:$RECEIVER_PORT/control
TOKEN_URL=$KC_URL/realms/bench/protocol/openid-connect/token
OUT=target/bench
KC=$OUT/kc
ROUNDS_FILE=$OUT/rounds.tsv
FIGURES_FILE=$OUT/figures.tsv
REF_TREE=target/bench-ref # where REF is checked out and built
PG_DB=kcw_bench           # created for the run and dropped on exit

log() { echo "[$(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

KC_SH_PID=""
KC_PID=""
RECEIVER_PID=""
PG_CREATED=""
cleanup() {
  set +e # a process that is already gone is fine here
  [[ -n $RECEIVER_PID ]] && kill "$RECEIVER_PID" 2>/dev/null
  if [[ -n $KC_SH_PID ]]; then
    kill "$KC_SH_PID" 2>/dev/null # kc.sh forwards TERM to Java
    for _ in $(seq 30); do
      [[ -n $KC_PID ]] && kill -0 "$KC_PID" 2>/dev/null || break
      sleep 1
    done
    [[ -n $KC_PID ]] && kill -9 "$KC_PID" 2>/dev/null
  fi
  wait
  [[ -n $PG_CREATED ]] && psql_admin "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)"
  [[ -n $REF ]] && remove_ref_tree
}
trap cleanup EXIT

# --- helpers -----------------------------------------------------------------------------------

# field KEY "k=v k=v ..." prints the value of KEY in a Load output line.
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }

# jget KEY reads a JSON object on stdin and prints one of its top-level values.
jget() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# http METHOD URL [JSON] prints the body and fails unless the answer is 2xx.
http() {
  local method=$1 url=$2 body=${3:-} status
  local args=(-sS -o "$OUT/http.body" -w '%{http_code}' -X "$method" "$url")
  [[ -n ${TOKEN:-} ]] && args+=(-H "Authorization: Bearer $TOKEN")
  [[ -n $body ]] && args+=(-H 'Content-Type: application/json' --data "$body")
  status=$(curl "${args[@]}") || die "$method $url: no answer"
  [[ $status == 2* ]] || die "$method $url answered $status: $(head -c 500 "$OUT/http.body")"
  cat "$OUT/http.body"
}

# Master admin tokens live one minute, so every admin call takes a fresh one.
admin() {
  local TOKEN status
  status=$(curl -sS -o "$OUT/token.json" -w '%{http_code}' \
    -d grant_type=password -d client_id=admin-cli -d username=admin -d password=admin \
    "$KC_URL/realms/master/protocol/openid-connect/token")
  [[ $status == 200 ]] || die "admin token answered $status"
  TOKEN=$(jget access_token <"$OUT/token.json")
  http "$@"
}

receiver() { http "$1" "$CONTROL_URL/$2"; }
figure() { printf '%s\t%s\n' "$1" "$2" >>"$FIGURES_FILE"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$KC_PID/stat"; }
load() { java -cp "$OUT/classes" Load "$@"; }
psql_admin() {
  PGOPTIONS=--client-min-messages=warning psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -qAtc "$1"
}

# pg_cpu_ticks prints the CPU ticks (utime + stime) of the PostgreSQL server: its live processes,
# plus what the postmaster collected from its children that exited (cutime + cstime), so that
# short-lived backends count too. Fields are counted after the ") " that ends the process name.
pg_cpu_ticks() {
  local pid stats
  stats=$(sed 's/^.*) //' "/proc/$PG_PID/stat") || die "the PostgreSQL server (pid $PG_PID) is gone"
  for pid in $(pgrep -P "$PG_PID"); do
    stats+=$'\n'$(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null) # one may have exited since
  done
  awk 'NF {t += $12 + $13} NR == 1 {t += $14 + $15} END {print t}' <<<"$stats"
}

# postmaster_pid: the parent of the server's checkpointer, which every running server has.
postmaster_pid() {
  local checkpointer
  checkpointer=$(psql_admin "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
  [[ -n $checkpointer ]] || die "no checkpointer in pg_stat_activity"
  awk '{print $4}' "/proc/$checkpointer/stat" # the process name is one word: postgres
}

# remove_ref_tree deletes REF's worktree; prune then forgets it.
remove_ref_tree() {
  rm -rf "$REF_TREE"
  git worktree prune
}

# build_extension builds the extension and sets SRC to the directory whose target/ holds its jar
# and the Keycloak distribution: the working tree, or REF checked out in a worktree of its own.
# Only those come from REF; this script, the load generator and the receiver are the current ones.
build_extension() {
  if [[ -z $REF ]]; then
    SRC=.
    mvn -q -B package -DskipTests
  else
    SRC=$REF_TREE
    remove_ref_tree
    git worktree add --detach "$REF_TREE" "$REF"
    # The format check is left out: it is not what is measured, and an old commit may fail it.
    (cd "$REF_TREE" && mvn -q -B package -DskipTests -Dspotless.check.skip=true)
  fi
}

# measured_commit names the commit whose extension is measured, marked when the working tree's
# sources differ from it.
measured_commit() {
  if [[ -n $REF ]]; then
    git rev-parse --short "$REF^{commit}"
  elif [[ -n $(git status --porcelain -- src pom.xml) ]]; then
    echo "$(git rev-parse --short HEAD) with uncommitted changes"
  else
    git rev-parse --short HEAD
  fi
}

listener() {
  local listeners='["jboss-logging"]'
  [[ $1 == on ]] && listeners='["jboss-logging","ext-event-webhook"]'
  admin PUT "$KC_URL/admin/realms/bench" "{\"eventsListeners\": $listeners}" >/dev/null
}

WEBHOOK_IDS=()
webhooks() {
  local want=$1
  while ((${#WEBHOOK_IDS[@]} < want)); do
    WEBHOOK_IDS+=("$(admin POST "$KC_URL/realms/bench/webhooks" \
      "{\"enabled\": true, \"url\": \"$HOOK_URL\", \"eventTypes\": [\"*\"], \"secret\": \"s3cret\"}" |
      jget id)")
  done
  while ((${#WEBHOOK_IDS[@]} > want)); do
    admin DELETE "$KC_URL/realms/bench/webhooks/${WEBHOOK_IDS[-1]}" >/dev/null
    unset 'WEBHOOK_IDS[-1]'
  done
}

# await_delivered N [MAX_SECONDS] waits until the receiver has N distinct deliveries answered
# 200, or returns 1 after MAX_SECONDS. It fails only if none come for longer than the
# extension's 60 s lease, after which a lost claim is sent again.
await_delivered() {
  local want=$1 until=$((SECONDS + ${2:-86400})) got last=-1 since=$SECONDS
  while :; do
    got=$(receiver GET stats | jget distinctOk)
    ((got >= want)) && return 0
    ((SECONDS < until)) || return 1
    if ((got != last)); then
      last=$got
      since=$SECONDS
    fi
    ((SECONDS - since < 90)) || die "deliveries stalled at $got of $want"
    sleep 0.5
  done
}

# pending_count prints how many of the webhooks have at least one pending delivery.
pending_count() {
  local id n=0
  for id in "${WEBHOOK_IDS[@]}"; do
    [[ $(admin GET "$KC_URL/realms/bench/webhooks/$id/deliveries?status=pending&max=1") != "[]" ]] &&
      n=$((n + 1))
  done
  echo "$n"
}

# heap_kib NAME: live heap in KiB. The class histogram forces a full GC and counts what survives
# it; reading "used" after GC.run instead would include what the busy dispatcher allocated
# between the two commands. The histogram is kept as target/bench/histogram-NAME.txt.
heap_kib() {
  local file=$OUT/histogram-$1.txt bytes
  jcmd "$KC_PID" GC.class_histogram >"$file"
  bytes=$(awk '$1 == "Total" {print $3}' "$file")
  [[ -n $bytes ]] || die "no heap total in $file"
  echo $((bytes / 1024))
}

# round PHASE WEBHOOKS LISTENER LOADMODE CLIENTS|RATE AMOUNT: one measured round, appended to
# rounds.tsv. Keycloak's CPU, and with PostgreSQL the server's, is read from before the load until
# every delivery it caused has arrived (or ROUND_WAIT_SECONDS have passed), so that the
# dispatcher's work counts too.
round() {
  local phase=$1 hooks=$2 state=$3 mode=$4 arg=$5 amount=$6 line tokens delivered=0
  local cpu0 cpu1 cpu_ms pg0=0 pg1=0 pg_ms=""
  listener "$state"
  receiver POST reset >/dev/null
  [[ $DB == postgres ]] && pg0=$(pg_cpu_ticks)
  cpu0=$(cpu_ticks)
  line=$(load "$mode" "$TOKEN_URL" "$arg" "$amount")
  tokens=$(field requests "$line")
  ((tokens > 0)) || die "no token request succeeded: $line"
  if [[ $state == on ]]; then
    await_delivered $((tokens * hooks)) "$ROUND_WAIT_SECONDS" || log "  round incomplete"
    delivered=$(receiver GET stats | jget distinctOk)
  fi
  cpu1=$(cpu_ticks)
  [[ $DB == postgres ]] && pg1=$(pg_cpu_ticks) && pg_ms=$(((pg1 - pg0) * 1000 / CLK_TCK))
  cpu_ms=$(((cpu1 - cpu0) * 1000 / CLK_TCK))
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$hooks" "$state" \
    "$tokens" "$(field errors "$line")" "$(field seconds "$line")" "$(field rps "$line")" \
    "$(field p50ms "$line")" "$cpu_ms" "$pg_ms" "$delivered" >>"$ROUNDS_FILE"
  log "  $phase, $hooks webhook(s), listener $state: $line cpu=${cpu_ms}ms" \
    "${pg_ms:+postgres=${pg_ms}ms }delivered=$delivered"
}

# --- set-up ------------------------------------------------------------------------------------

command -v python3 >/dev/null || die "python3 is needed"
[[ $DB == h2 || $DB == postgres ]] || die "DB must be h2 or postgres, not $DB"
CLK_TCK=$(getconf CLK_TCK)
for port in $KC_PORT $MGMT_PORT $RECEIVER_PORT; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "port $port is in use"
done
COMMIT=$(measured_commit) || die "no commit $REF"

log "building the extension${REF:+ at $REF ($COMMIT) in $REF_TREE}"
build_extension
DIST=$(ls -d "$SRC"/target/keycloak-dist/keycloak-*/ | head -n 1)
rm -rf "$OUT"
mkdir -p "$OUT/classes"
cp -a "$DIST" "$KC"
rm -rf "$KC/data"
rm -f "$KC"/providers/keycloak-webhooks*.jar # ./run.sh may have put one there
cp "$SRC"/target/keycloak-webhooks-*.jar "$KC/providers/"
javac -d "$OUT/classes" bench/Receiver.java bench/Load.java
printf '%s\t' phase webhooks listener tokens errors seconds rps p50_ms cpu_ms pg_cpu_ms \
  >"$ROUNDS_FILE"
echo delivered >>"$ROUNDS_FILE"
: >"$FIGURES_FILE"

KC_DB=dev-file # Keycloak's name for its embedded H2 database
DB_OPTIONS=()
if [[ $DB == postgres ]]; then
  KC_DB=postgres
  command -v psql >/dev/null || die "psql is needed"
  log "creating the database $PG_DB"
  psql_admin "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" || die "PostgreSQL on 127.0.0.1:5432?"
  psql_admin "CREATE DATABASE $PG_DB"
  PG_CREATED=yes
  PG_PID=$(postmaster_pid)
  DB_OPTIONS=(--db-url="jdbc:postgresql://127.0.0.1:5432/$PG_DB" --db-username=postgres
    --db-password=unused) # the server trusts local connections
fi

log "starting the receiver"
java -cp "$OUT/classes" Receiver "$RECEIVER_PORT" 64 >"$OUT/receiver.log" 2>&1 &
RECEIVER_PID=$!

log "building and starting Keycloak on $DB (log: $OUT/kc.log)"
"$KC/bin/kc.sh" build --db="$KC_DB" >"$OUT/kc-build.log" 2>&1 ||
  die "kc.sh build failed, see $OUT/kc-build.log"
SCHEDULE="2s$(printf ',2s%.0s' $(seq 48))" # keeps refused deliveries pending for minutes
KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin JAVA_OPTS_KC_HEAP="$KC_HEAP" \
  "$KC/bin/kc.sh" start --optimized --http-enabled=true --hostname-strict=false \
  --http-host=127.0.0.1 --http-port=$KC_PORT --http-management-port=$MGMT_PORT "${DB_OPTIONS[@]}" \
  --spi-webhook-delivery--default--allowed-targets=127.0.0.1/32 \
  --spi-webhook-delivery--default--workers="$WORKERS" \
  --spi-webhook-delivery--default--max-concurrency-per-webhook=4 \
  --spi-webhook-delivery--default--retry-schedule="$SCHEDULE" \
  --spi-webhook-delivery--default--poll-interval=1s \
  >"$OUT/kc.log" 2>&1 &
KC_SH_PID=$!

deadline=$((SECONDS + 180))
until curl -sf -o /dev/null "$KC_URL/realms/master"; do
  kill -0 "$KC_SH_PID" 2>/dev/null || die "Keycloak exited, see $OUT/kc.log"
  ((SECONDS < deadline)) || die "Keycloak not ready after 180 s, see $OUT/kc.log"
  sleep 1
done
# kc.sh runs Java as its child rather than exec'ing it; the child is what we measure.
KC_PID=$(pgrep -P "$KC_SH_PID" java) || die "no Java child of kc.sh"
receiver GET stats >/dev/null
log "Keycloak ready, pid $KC_PID"

admin POST "$KC_URL/admin/realms" '{
  "realm": "bench", "enabled": true, "eventsListeners": ["jboss-logging"],
  "clients": [{"clientId": "bench", "secret": "bench-secret", "publicClient": false,
    "serviceAccountsEnabled": true, "standardFlowEnabled": false,
    "directAccessGrantsEnabled": false}]}' >/dev/null
webhooks 1

# --- cost and throughput: alternating rounds -------------------------------------------------

log "warm-up, ${WARMUP_SECONDS}s"
round warmup 1 on closed "$CLIENTS" $((WARMUP_SECONDS / 2))
round warmup 1 off closed "$CLIENTS" $((WARMUP_SECONDS / 2))

log "cost and throughput: $ROUNDS x (off, on), ${ROUND_SECONDS}s each, $CLIENTS clients"
[[ $JFR == 1 ]] && jcmd "$KC_PID" JFR.start name=bench settings=profile >/dev/null
for _ in $(seq "$ROUNDS"); do
  round main 1 off closed "$CLIENTS" "$ROUND_SECONDS"
  round main 1 on closed "$CLIENTS" "$ROUND_SECONDS"
done
[[ $JFR == 1 ]] && jcmd "$KC_PID" JFR.stop name=bench filename="$PWD/$OUT/rounds.jfr" >/dev/null

# --- latency at half the saturation rate -----------------------------------------------------

SATURATION=$(awk -F'\t' '$1 == "main" && $3 == "on" {s += $7; n++} END {print s / n}' "$ROUNDS_FILE")
RATE=$(awk -v s="$SATURATION" 'BEGIN {printf "%d", s / 2}')

# The token request's own latency is compared at a fixed rate: in the closed-loop rounds above
# the machine is saturated, so their latency is mostly queueing and grows as throughput falls.
if [[ $DB == postgres ]]; then
  log "token latency: $ROUNDS x (off, on), open loop at $RATE req/s, ${ROUND_SECONDS}s each"
  for _ in $(seq "$ROUNDS"); do
    round token-latency 1 off open "$RATE" "$ROUND_SECONDS"
    round token-latency 1 on open "$RATE" "$ROUND_SECONDS"
  done
fi

log "latency: open loop at $RATE req/s for ${LATENCY_SECONDS}s"
listener on
receiver POST reset >/dev/null
line=$(load open "$TOKEN_URL" "$RATE" "$LATENCY_SECONDS")
await_delivered "$(field requests "$line")"
stats=$(receiver GET stats)
figure latency_rate "$RATE"
figure latency_load "$line"
for key in p50 p90 p99 max latencyCount; do figure "latency_$key" "$(jget $key <<<"$stats")"; done
log "  $line; receiver: $stats"

# --- cost with more webhooks -----------------------------------------------------------------

for hooks in $SCALE_WEBHOOKS; do
  per_round=$((SCALE_DELIVERIES / hooks))
  log "cost with $hooks webhooks: $SCALE_ROUNDS x (off, on), $per_round tokens each"
  webhooks "$hooks"
  for _ in $(seq "$SCALE_ROUNDS"); do
    round scale "$hooks" off count "$CLIENTS" "$per_round"
    round scale "$hooks" on count "$CLIENTS" "$per_round"
  done
done

# --- ceiling: the receiver driven directly -----------------------------------------------------

log "ceiling: $WORKERS clients straight to the receiver for ${CEILING_SECONDS}s"
load ceiling "$HOOK_URL" "$WORKERS" 3 >/dev/null # warms the receiver and the client
line=$(load ceiling "$HOOK_URL" "$WORKERS" "$CEILING_SECONDS")
figure ceiling_rps "$(field rps "$line")"
log "  $line"

# --- backlog: piled up while the receiver answers 503, then drained ---------------------------

log "backlog: $BACKLOG_WEBHOOKS webhooks x $BACKLOG_TOKENS tokens while the receiver answers 503"
webhooks "$BACKLOG_WEBHOOKS"
listener on
heap=$(heap_kib idle)
figure heap_idle_kib "$heap"
receiver POST status/503 >/dev/null
receiver POST reset >/dev/null
line=$(load count "$TOKEN_URL" "$CLIENTS" "$BACKLOG_TOKENS")
BACKLOG=$(($(field requests "$line") * BACKLOG_WEBHOOKS))
log "  $line; $BACKLOG deliveries pending"
stats=$(receiver GET stats)
(($(jget distinctOk <<<"$stats") == 0)) || die "deliveries succeeded while answering 503"
figure backlog "$BACKLOG"
figure backlog_refused_attempts "$(jget requests <<<"$stats")"

log "drain: the receiver answers 200 (measured for at most ${DRAIN_SECONDS}s)"
receiver POST reset >/dev/null
[[ $JFR == 1 ]] && jcmd "$KC_PID" JFR.start name=drain settings=profile >/dev/null
receiver POST status/200 >/dev/null
complete=yes
await_delivered "$BACKLOG" "$DRAIN_SECONDS" || complete=no
[[ $JFR == 1 ]] && jcmd "$KC_PID" JFR.stop name=drain filename="$PWD/$OUT/drain.jfr" >/dev/null
stats=$(receiver GET stats)
log "  receiver: $stats"
DRAINED=$(jget distinctOk <<<"$stats")
figure drain_complete "$complete"
figure drain_delivered "$DRAINED"
figure drain_duplicates "$(jget duplicates <<<"$stats")"
figure drain_ms "$(($(jget lastOkMs <<<"$stats") - $(jget firstOkMs <<<"$stats")))"
figure drain99_ms "$(($(jget ok99Ms <<<"$stats") - $(jget firstOkMs <<<"$stats")))"
[[ $complete == yes ]] && sleep 3 # lets the last outcomes commit before asking what is pending
pending=$(pending_count)
figure drain_webhooks_pending "$pending"

# --- memory: live heap with a large backlog ----------------------------------------------------

log "memory: $MEMORY_WEBHOOKS webhooks x $MEMORY_TOKENS tokens more while the receiver answers 503"
receiver POST status/503 >/dev/null
webhooks "$MEMORY_WEBHOOKS"
line=$(load count "$TOKEN_URL" "$CLIENTS" "$MEMORY_TOKENS")
# Deliveries the drain window did not reach are still pending, so they count.
PENDING=$(($(field requests "$line") * MEMORY_WEBHOOKS + BACKLOG - DRAINED))
log "  $line; $PENDING deliveries pending"
heap=$(heap_kib backlog)
figure memory_pending "$PENDING"
figure heap_backlog_kib "$heap"

# --- report ------------------------------------------------------------------------------------

figure machine "$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
figure memory "$(free -g | awk '/^Mem:/ {print $2}') GiB"
figure java "$(java -version 2>&1 | head -n 1)"
figure commit "$COMMIT"
if [[ $DB == postgres ]]; then
  figure database "PostgreSQL $(psql_admin 'SHOW server_version') on 127.0.0.1:5432"
else
  figure database "H2, embedded"
fi
figure settings "DB=$DB${REF:+ REF=$REF} ROUNDS=$ROUNDS ROUND_SECONDS=$ROUND_SECONDS CLIENTS=$CLIENTS WORKERS=$WORKERS SCALE_DELIVERIES=$SCALE_DELIVERIES BACKLOG_WEBHOOKS=$BACKLOG_WEBHOOKS BACKLOG_TOKENS=$BACKLOG_TOKENS DRAIN_SECONDS=$DRAIN_SECONDS MEMORY_WEBHOOKS=$MEMORY_WEBHOOKS MEMORY_TOKENS=$MEMORY_TOKENS KC_HEAP='$KC_HEAP'"
python3 bench/report.py "$ROUNDS_FILE" "$FIGURES_FILE" >"$OUT/results.md"
# The next run empties target/bench, so each run's results are also kept under a name of its own.
mkdir -p target/bench-results
KEPT=target/bench-results/$(date +%Y%m%d-%H%M%S)-$DB-${COMMIT%% *}.md
cp "$OUT/results.md" "$KEPT"
cat "$OUT/results.md"
log "results: $OUT/results.md, also kept as $KEPT"
