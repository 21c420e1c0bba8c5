#!/usr/bin/env bash
# Throughput of SignalRRestClient against the emulator jar (in its own JVM).
# Usage: signalr-emulator/bench/run.sh [N] [CONCURRENCIES]   e.g. run.sh 20000 1,8,32,64
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Pbenchmark -DskipTests -pl signalr-emulator -am verify \
  -Dbench.n="${1:-20000}" -Dbench.concurrency="${2:-1,8,32,64}"
