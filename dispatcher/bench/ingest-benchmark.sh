#!/usr/bin/env bash
# Ingest benchmark (on demand, not part of `verify`): generates synthetic exports of ROWS change rows
# for each format in FORMATS, ingests each into a fresh H2 store with the fat jar, and prints the
# ingest step's rows/s (the CLI summary's figure) and the peak heap occupancy seen by the garbage
# collector (before a collection) under the heap limit HEAP.
#
#   dispatcher/bench/ingest-benchmark.sh                      # 1,000,000 rows, aep-json and csv
#   ROWS=2000000 FORMATS="csv" HEAP=256m dispatcher/bench/ingest-benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1000000}
FORMATS=${FORMATS:-"aep-json csv"}
HEAP=${HEAP:-512m}
PER_USER=4
AUDIENCES=50
JAR="$PWD/dispatcher/target/dispatcher.jar"
if [[ ! -f "$JAR" || ! -d dispatcher/target/test-classes || -n "${BUILD:-}" ]]; then
  ./mvnw -B -q -pl dispatcher -am package -DskipTests
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

printf '%-9s %10s %8s %10s %14s\n' format rows seconds rows/s "peak heap MB"
for format in $FORMATS; do
  dir="$WORK/$format"
  mkdir -p "$dir"
  dispatcher/bench/synthetic-exports.sh "$format" $((ROWS / PER_USER)) "$AUDIENCES" "$PER_USER" "$dir/in" > /dev/null
  (cd "$dir" && java "-Xmx$HEAP" "-Xlog:gc:file=$dir/gc.log" -jar "$JAR" run "--input=$format:in" > "$dir/out.txt" 2>&1)
  step=$(grep 'ingest step:' "$dir/out.txt")
  read_rows=$(sed -E 's/.*read ([0-9]+),.*/\1/' <<< "$step")
  seconds=$(sed -E 's/.*, ([0-9.]+) s \(.*/\1/' <<< "$step")
  rate=$(sed -E 's/.*\(([0-9]+) rows\/s\).*/\1/' <<< "$step")
  peak=$(grep -oE '[0-9]+M->[0-9]+M' "$dir/gc.log" | sed -E 's/M->.*//' | sort -n | tail -1)
  printf '%-9s %10s %8s %10s %14s\n' "$format" "$read_rows" "$seconds" "$rate" "${peak:-?}"
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), heap limit $HEAP, load average $(cut -d' ' -f1-3 /proc/loadavg)"
