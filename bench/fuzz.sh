#!/usr/bin/env bash
# Long fuzzing runs of the gateway's Jazzer targets (in CI they only replay their seed corpus, in regression mode).
# Run from the repository root:
#   bench/fuzz.sh [duration-per-target, default 10m] [target ...]
# Targets: MimeFuzzTest EnvelopeFuzzTest InboundProcessorFuzzTest CpaFuzzTest (default: all, one after the other).
# Jazzer fuzzes one @FuzzTest per JVM, so each target is its own Surefire run. A finding stops that target and is
# written as a crash input into gateway/node/src/test/resources/nl/dkgw/gateway/fuzz/<Test>Inputs/<method>/, where it
# then runs as a regression input in every build; the growing corpus is kept under gateway/node/.cifuzz-corpus/.
set -uo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10m}"
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(MimeFuzzTest EnvelopeFuzzTest InboundProcessorFuzzTest CpaFuzzTest)
fi
status=0
for t in "${TARGETS[@]}"; do
  echo "== fuzzing $t for $DURATION"
  # the inbound node posts its signals to its loopback peer: expected, not SSRF
  if [ "$t" = InboundProcessorFuzzTest ]; then
    export JAZZER_SSRF_PERMISSIVE_UNTIL_CONFIGURED=1
  else
    unset JAZZER_SSRF_PERMISSIVE_UNTIL_CONFIGURED
  fi
  # the JUnit timeouts of junit-platform.properties are for CI, not for a fuzzing run of $DURATION
  JAZZER_FUZZ=1 mvn -B -pl :dkgw-gateway -am test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -Djazzer.max_duration="$DURATION" || status=1
done
exit $status
