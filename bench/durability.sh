#!/usr/bin/env bash
# The long form of the durability proof: the gateway's CrashAndRestartDurabilityTest with thousands of messages
# and more SIGKILLs per node (the CI short form sends 240 with 2 kills per node). Run from the repository root:
#   bench/durability.sh [messages] [kills-per-node] [seed]
# It runs the test through Maven Surefire in the gateway's node module (H2 and PostgreSQL), printing the seed and the counts
# (submitted, acknowledged, delivered, duplicates, lost); it fails on any loss or duplicate.
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES="${1:-3000}"
KILLS="${2:-5}"
SEED_ARG=()
if [ -n "${3:-}" ]; then SEED_ARG=("-Ddkgw.durability.seed=$3"); fi
exec mvn -B -pl :dkgw-gateway -am test -Dtest=CrashAndRestartDurabilityTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddkgw.durability.messages="$MESSAGES" -Ddkgw.durability.kills="$KILLS" "${SEED_ARG[@]}"
