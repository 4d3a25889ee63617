#!/usr/bin/env bash
# One large ebMS message between two nodes, each its own JVM with a small heap: the proof that a payload's size is
# bounded by disk, not by memory (issue 15). The sender gets the payload through its admin API as a raw body
# (streamed), stores it, posts it over mutual TLS; the receiver spools, verifies, stores and acknowledges it; then the
# payload is downloaded from the receiver's admin API and its SHA-256 compared with what was sent.
#
#   bench/big-message.sh [options]
#
#   --size SIZE       payload size: bytes or a whole number with KiB, MiB or GiB (100MiB)
#   --profile P       the CPA's profile: osb-rm, osb-rm-s, osb-rm-e, ... (osb-rm)
#   --db DB           h2 or postgres (h2); postgres starts a throwaway server from /usr/lib/postgresql/*/bin
#   --heap SIZE       -Xmx of both nodes (256m)
#   --jar JAR         use this dkgw.jar (otherwise app/target/dkgw.jar is built: mvn -DskipTests -pl app -am package)
#   --offline         build with mvn -o
#   --timeout S       how long the message may take to be acknowledged (600)
#   --keep            keep the run directory (PKI, databases, logs, payload) under bench/target/big-message/
#
# Needs about three times SIZE free under bench/target (the payload file, the receiver's spool, both stores).
# Prints lines starting with "big message:": machine, sizes, time to acknowledgment, download time and digest check,
# each node's peak heap from its GC log. Exit 0 when the bytes arrived intact, 1 when not, 2 when the run could not
# be set up.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SRC="$ROOT/bench/src/main/java/nl/dkgw/bench/compare"

SIZE=100MiB PROFILE=osb-rm DB=h2 HEAP=256m JAR="" MVN_FLAGS=() TIMEOUT=600 KEEP=false
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
  exit 2
}
while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --profile) PROFILE="$2"; shift 2 ;;
    --db) DB="$2"; shift 2 ;;
    --heap) HEAP="$2"; shift 2 ;;
    --jar) JAR="$(realpath "$2")"; shift 2 ;;
    --offline) MVN_FLAGS=(-o); shift ;;
    --timeout) TIMEOUT="$2"; shift 2 ;;
    --keep) KEEP=true; shift ;;
    *) echo "big-message.sh: unknown option $1" >&2; usage ;;
  esac
done
case "$DB" in h2|postgres) ;; *) echo "big-message.sh: --db is h2 or postgres" >&2; exit 2 ;; esac

bytes_of() {
  local n="${1%[KMG]iB}"
  case "$1" in
    *KiB) echo $((n * 1024)) ;;
    *MiB) echo $((n * 1024 * 1024)) ;;
    *GiB) echo $((n * 1024 * 1024 * 1024)) ;;
    *[!0-9]*) echo "big-message.sh: size $1 is not bytes or KiB/MiB/GiB" >&2; exit 2 ;;
    *) echo "$1" ;;
  esac
}
BYTES="$(bytes_of "$SIZE")"

if [ -z "$JAR" ]; then
  mvn -B -q "${MVN_FLAGS[@]}" -DskipTests -pl app -am package
  JAR="$ROOT/app/target/dkgw.jar"
fi
[ -f "$JAR" ] || { echo "big-message.sh: no jar at $JAR" >&2; exit 2; }

RUN="$ROOT/bench/target/big-message/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
PIDS=()
# shellcheck source=lib/throwaway-postgres.sh
. "$ROOT/bench/lib/throwaway-postgres.sh"
cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  pg_stop
  if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
    echo "big-message.sh: failed; logs stay in $RUN" >&2
  elif [ "$KEEP" = false ]; then
    rm -rf "$RUN/payload.bin" "$RUN/chain" "$RUN/pg"
  fi
}
trap cleanup EXIT

peak_heap_mb() { # the largest heap occupancy before a collection in a GC log, in MB (garbage included)
  grep -o '[0-9]*M->' "$1" 2>/dev/null | sed 's/M->//' | sort -n | tail -1 || true
}
peak_live_mb() { # the largest heap occupancy left after a collection in a GC log, in MB
  grep -o '>[0-9]*M(' "$1" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -1 || true
}

echo "big message: machine: nproc $(nproc), memory $(free -m | awk '/^Mem:/ {print $2 " MiB"}'), load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "big message: jar $JAR, payload $SIZE ($BYTES bytes), profile $PROFILE, database $DB, both nodes -Xmx$HEAP"

# The overlay both nodes get: room for the message, a long enough request timeout, the database.
OVERLAY="$RUN/overlay.yml"
MAX=$((BYTES + 16 * 1024 * 1024))
{
  echo "limits:"
  echo "  max-message-bytes: $MAX"
  echo "delivery:"
  echo "  request-timeout: PT${TIMEOUT}S"
} >"$OVERLAY"
if [ "$DB" = postgres ]; then
  pg_start "$RUN/pg"
  for node in ggd rivm; do   # the node names CompareChain gives the sender and the receiver
    pg_create_database "$node"
  done
  {
    echo "database:"
    echo "  url: jdbc:postgresql://127.0.0.1:$PG_PORT/\${node}"
    echo "  user: postgres"
  } >>"$OVERLAY"
fi

CLASSES="$RUN/classes"
mkdir -p "$CLASSES"
javac -nowarn -cp "$JAR" -d "$CLASSES" "$SRC/CompareChain.java"
java -cp "$CLASSES:$JAR" nl.dkgw.bench.compare.CompareChain "$RUN/chain" "$PROFILE" "$OVERLAY" \
  >"$RUN/chain.log" 2>&1 || { echo "big-message.sh: preparing the nodes failed; see $RUN/chain.log" >&2; exit 2; }
prop() { grep "^$1=" "$RUN/chain/chain.properties" | cut -d= -f2- | sed 's/\\:/:/g'; }
CPA="$(prop cpa-id)" SERVICE="$(prop service)" ACTION="$(prop action)"
SENDER="$(prop sender.admin)" RECEIVER="$(prop receiver.admin)"

for role in sender receiver; do
  java "-Xmx$HEAP" "-Xlog:gc:file=$RUN/gc-$role.log" -jar "$JAR" serve --config "$(prop "$role.config")" \
    >"$RUN/$role.log" 2>&1 &
  PIDS+=($!)
done
for url in "$SENDER" "$RECEIVER"; do
  for _ in $(seq 1 240); do
    curl -fs "$url/health/ready" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs "$url/health/ready" >/dev/null || { echo "big-message.sh: node at $url not ready; see $RUN/*.log" >&2; exit 2; }
done

head -c "$BYTES" /dev/urandom >"$RUN/payload.bin"
SENT_SHA="$(sha256sum "$RUN/payload.bin" | cut -d' ' -f1)"
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

START=$(date +%s.%N)
# -T streams the file (--data-binary @file would read it whole into curl's memory first)
ANSWER="$(curl -sS --fail-with-body -X POST -H 'Content-Type: application/octet-stream' -T "$RUN/payload.bin" \
  "$SENDER/api/messages?cpaId=$(urlencode "$CPA")&service=$(urlencode "$SERVICE")&action=$(urlencode "$ACTION")")" || {
  echo "big-message.sh: the sender refused the submission: $ANSWER" >&2; exit 1; }
SUBMITTED=$(date +%s.%N)
ID="$(sed -n 's/.*"messageId" *: *"\([^"]*\)".*/\1/p' <<<"$ANSWER")"
[ -n "$ID" ] || { echo "big-message.sh: no messageId in $ANSWER" >&2; exit 1; }
STATUS=""
DEADLINE=$(( $(date +%s) + TIMEOUT ))
while [ "$(date +%s)" -lt "$DEADLINE" ]; do
  STATUS="$(curl -fs "$SENDER/api/messages/$(urlencode "$ID")" | grep -o '"status" *: *"[A-Z_]*"' | head -1 | sed 's/.*"\([A-Z_]*\)"$/\1/')"
  case "$STATUS" in ACKNOWLEDGED|DELIVERED|FAILED) break ;; esac
  sleep 0.5
done
ACKED=$(date +%s.%N)
RECEIVED_SHA="$(curl -fsS "$RECEIVER/api/messages/$(urlencode "$ID")/payloads/0" | sha256sum | cut -d' ' -f1)" || true
DOWNLOADED=$(date +%s.%N)

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
echo "big message: message $ID: $STATUS; submitted in $(seconds "$START" "$SUBMITTED") s, acknowledged" \
  "$(seconds "$SUBMITTED" "$ACKED") s later; downloaded from the receiver in $(seconds "$ACKED" "$DOWNLOADED") s"
echo "big message: peak heap before a collection: sender $(peak_heap_mb "$RUN/gc-sender.log") MB, receiver" \
  "$(peak_heap_mb "$RUN/gc-receiver.log") MB; left after a collection at most: sender" \
  "$(peak_live_mb "$RUN/gc-sender.log") MB, receiver $(peak_live_mb "$RUN/gc-receiver.log") MB (-Xmx$HEAP)"
echo "big message: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
if [ "$STATUS" = ACKNOWLEDGED ] && [ "$RECEIVED_SHA" = "$SENT_SHA" ]; then
  echo "big message: PASSED: the receiver holds the $BYTES bytes sent (SHA-256 $SENT_SHA)"
  exit 0
fi
echo "big message: FAILED: status ${STATUS:-unknown}, SHA-256 sent $SENT_SHA, received ${RECEIVED_SHA:-nothing}"
exit 1
