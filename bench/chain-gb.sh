#!/usr/bin/env bash
# The compliance suite's Grote Berichten test with a large file, as a user runs it: `dkgw simulate compliance` as
# the counterpart and `dkgw chain-test --gb-file-size SIZE` as the client node, each its own JVM with -Xmx256m.
# The file goes to the simulator and back through GB, the simulator cuts its download to the client halfway (the
# client must resume), and the client's file endpoint must refuse the file to a certificate other than the
# simulator's. Run from anywhere inside the repository:
#
#   bench/chain-gb.sh [SIZE]        SIZE: bytes or a whole number with KiB, MiB or GiB (default 1GiB, at most 4GiB)
#
# Environment: DKGW_JAR (use this dkgw.jar; otherwise app/target/dkgw.jar is built with
# `mvn -DskipTests -pl app -am package`, nothing installed), DKGW_MVN_FLAGS (e.g. -o), HEAP (256m),
# PROFILE (the CPA's profile, osb-rm), TIMEOUT (chain-test --timeout, 120), KEEP=1 (keep the nodes' directories;
# otherwise the copies of the file are removed at the end; logs and reports stay).
# Needs about four times SIZE free under bench/target (the client's offer, the simulator's download and its offer
# back, the client's download). Prints lines starting with "chain gb:": the GB test's result and time, the whole
# run's time, each JVM's peak heap from its GC log, and the machine (nproc, memory, load average).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
SIZE="${1:-1GiB}"
HEAP="${HEAP:-256m}"
PROFILE="${PROFILE:-osb-rm}"
TIMEOUT="${TIMEOUT:-120}"
KEEP="${KEEP:-0}"

if [ -z "${DKGW_JAR:-}" ]; then
  # shellcheck disable=SC2086 # DKGW_MVN_FLAGS is a list of flags
  mvn -B -q ${DKGW_MVN_FLAGS:-} -DskipTests -pl app -am package
  DKGW_JAR="$ROOT/app/target/dkgw.jar"
fi
[ -f "$DKGW_JAR" ] || { echo "chain-gb.sh: no jar at $DKGW_JAR" >&2; exit 2; }

RUN="$ROOT/bench/target/chain-gb/run-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN"
SIM_PID=""
cleanup() {
  if [ -n "$SIM_PID" ] && kill -0 "$SIM_PID" 2>/dev/null; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  if [ "$KEEP" != 1 ]; then
    rm -rf "$RUN/sim/client/data" "$RUN/sim/simulators"
  fi
}
trap cleanup EXIT

# a port nothing listens on (bash's /dev/tcp: no other tool needed)
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}
EBMS_PORT="$(free_port)"
ADMIN_PORT="$(free_port)"

peak_heap_mb() { # the largest heap occupancy before a collection in a GC log, in MB (garbage included)
  grep -o '[0-9]*M->' "$1" 2>/dev/null | sed 's/M->//' | sort -n | tail -1 || true
}
peak_live_mb() { # the largest heap occupancy left after a collection in a GC log, in MB
  grep -o '>[0-9]*M(' "$1" 2>/dev/null | tr -dc '0-9\n' | sort -n | tail -1 || true
}

echo "chain gb: machine: nproc $(nproc), memory $(free -m | awk '/^Mem:/ {print $2 " MiB"}'), load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "chain gb: jar $DKGW_JAR, file $SIZE, both JVMs -Xmx$HEAP, profile $PROFILE, run in $RUN"

java "-Xmx$HEAP" "-Xlog:gc:file=$RUN/gc-simulator.log" -jar "$DKGW_JAR" simulate compliance --dir "$RUN/sim" \
  --client-endpoint "https://localhost:$EBMS_PORT/ebms" --client-admin-port "$ADMIN_PORT" --control-port 0 \
  >"$RUN/simulate.log" 2>&1 &
SIM_PID=$!
for _ in $(seq 1 600); do
  grep -q '^simulators running' "$RUN/simulate.log" && break
  kill -0 "$SIM_PID" 2>/dev/null || { echo "chain-gb.sh: the simulator stopped; see $RUN/simulate.log" >&2; exit 2; }
  sleep 0.5
done
grep -q '^simulators running' "$RUN/simulate.log" || { echo "chain-gb.sh: the simulator did not start" >&2; exit 2; }
JSON="$RUN/sim/simulators.json"
CONTROL="$(grep -o '"control" : "[^"]*/simulators/compliance"' "$JSON" | head -1 | sed 's/.*: "//; s/"$//')"
CPA="$(grep -o "\"$PROFILE\" : \"[^\"]*\"" "$JSON" | head -1 | sed 's/.*: "//; s/"$//')"
[ -n "$CONTROL" ] && [ -n "$CPA" ] || { echo "chain-gb.sh: no control URL or $PROFILE CPA in $JSON" >&2; exit 2; }

START=$(date +%s)
set +e
java "-Xmx$HEAP" "-Xlog:gc:file=$RUN/gc-client.log" -jar "$DKGW_JAR" chain-test \
  --config "$RUN/sim/client/gateway.yml" --cpa "$CPA" --report "$RUN/report" --counterpart-control "$CONTROL" \
  --timeout "$TIMEOUT" --gb-file-size "$SIZE" 2>&1 | tee "$RUN/chain-test.log"
EXIT=${PIPESTATUS[0]}
set -e
END=$(date +%s)

GB_LINE="$(grep -E '^\[[0-9]+/[0-9]+\] [A-Z]+ +grote berichten \(GB\)' "$RUN/chain-test.log" | tail -1 || true)"
GB_TIME="$(grep -o 'name="grote berichten (GB)" time="[^"]*"' "$RUN/report/TEST-dkgw-chain-test.xml" \
  2>/dev/null | sed 's/.*time="//; s/"$//' || true)"
echo "chain gb: GB test: ${GB_LINE:-(no result line; see $RUN/chain-test.log)}"
echo "chain gb: GB test took ${GB_TIME:-?} s; the whole suite $((END - START)) s (chain-test exit $EXIT)"
echo "chain gb: peak heap before a collection: client $(peak_heap_mb "$RUN/gc-client.log") MB, simulator" \
  "$(peak_heap_mb "$RUN/gc-simulator.log") MB; left after a collection at most: client" \
  "$(peak_live_mb "$RUN/gc-client.log") MB, simulator $(peak_live_mb "$RUN/gc-simulator.log") MB (-Xmx$HEAP)"
echo "chain gb: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
case "$GB_LINE" in *PASSED*) exit 0 ;; *) exit 1 ;; esac
