#!/usr/bin/env bash
# Writes large synthetic exports in the shapes of sample-data/ (test code, not part of the jar):
#
#   dispatcher/bench/synthetic-exports.sh FORMAT USERS AUDIENCES PER_USER OUT_DIR [gzip] [SEED]
#
# USERS ids, each in PER_USER of AUDIENCES audiences (one row in ten an exit), deterministic for a seed.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -d dispatcher/target/test-classes || ! -d dispatcher/target/classes || -n "${BUILD:-}" ]]; then
  ./mvnw -B -q -pl dispatcher -am test-compile
fi
exec java -cp dispatcher/target/test-classes:dispatcher/target/classes \
  io.signalranon.dispatcher.bench.SyntheticExports "$@"
