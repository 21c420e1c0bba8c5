#!/usr/bin/env bash
# Runs the emulator's end-to-end test with the real @microsoft/signalr client (Node), against the
# emulator jar that `./mvnw -B verify` (or package) built. Skips, exiting 0, where node is missing.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "signalr-emulator node test: skipped (node and npm not found)"
  exit 0
fi
if [ ! -f ../../../target/signalr-emulator.jar ] && [ -z "${EMULATOR_JAR:-}" ]; then
  echo "signalr-emulator node test: signalr-emulator/target/signalr-emulator.jar is missing: run ./mvnw -B verify first" >&2
  exit 1
fi
for jar in ../../../../signalr-negotiate/target/signalr-negotiate.jar ../../../../dispatcher/target/dispatcher.jar; do
  if [ ! -f "$jar" ]; then
    echo "signalr-emulator node test: ${jar#../../../../} is missing: run ./mvnw -B verify first" >&2
    exit 1
  fi
done
npm ci --no-audit --no-fund --loglevel=error
node --test
