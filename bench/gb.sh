#!/usr/bin/env bash
# The long form of the Grote Berichten proof: the gateway's GbKillAndResumeTest with a file of SIZE_MB megabytes
# (2048 by default; CI runs it with 200). Both nodes run as their own processes with -Xmx256m; the sender is
# SIGKILLed at 40 % of the receiver's download and the receiver at 70 %; the file must arrive once with the right
# SHA-256 and the message be delivered once. Run from the repository root:
#   bench/gb.sh [size-mb]
# It needs about three times the file's size free in java.io.tmpdir (the file, the sender's copy, the received
# copy) and prints the timings, the byte counts at each kill and the resumes, and each node's peak heap from its
# GC log (lines starting with "gb proof:").
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB="${1:-2048}"
exec mvn -B -pl :dkgw-gateway -am test -Dtest=GbKillAndResumeTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddkgw.gbproof.mb="$SIZE_MB"
