#!/usr/bin/env bash
# Connect time and delivery latency of the emulator's client side (the jar in its own JVM).
# Usage: signalr-emulator/bench/latency.sh [CLIENTS] [SENDS] [CONCURRENCY]   e.g. latency.sh 1000 10000 32
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -Platency-benchmark -DskipTests -pl signalr-emulator -am verify \
  -Dbench.clients="${1:-1000}" -Dbench.sends="${2:-10000}" -Dbench.concurrency="${3:-32}"
