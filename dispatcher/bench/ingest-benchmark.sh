#!/usr/bin/env bash
# Ingest benchmark (on demand, not part of `verify`): generates synthetic exports of ROWS change rows
# for each format in FORMATS, ingests each into a fresh store with the fat jar, and prints the
# ingest step's rows/s (the CLI summary's figure) and the peak heap occupancy seen by the garbage
# collector (before a collection) under the heap limit HEAP.
#
# The store is a fresh H2 file by default. With DB_URL set to a PostgreSQL JDBC URL that names a
# schema (currentSchema=NAME), that schema is dropped and created again with psql before each run
# (user DB_USER, default postgres; password DB_PASSWORD, if any). DB="h2 pg" measures both, one
# after the other, in the same run (pg uses DB_URL, by default the local server's schema `bench`).
#
#   dispatcher/bench/ingest-benchmark.sh                      # 1,000,000 rows, aep-json and csv, H2
#   ROWS=2000000 FORMATS="csv" HEAP=256m dispatcher/bench/ingest-benchmark.sh
#   DB_URL='jdbc:postgresql://127.0.0.1:5432/test?currentSchema=bench' dispatcher/bench/ingest-benchmark.sh
#   DB="h2 pg" FORMATS=csv dispatcher/bench/ingest-benchmark.sh
#   JOB_ARGS=--dispatcher.ingest.chunk-size=20000 dispatcher/bench/ingest-benchmark.sh   # other settings
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${ROWS:-1000000}
FORMATS=${FORMATS:-"aep-json csv"}
HEAP=${HEAP:-512m}
. dispatcher/bench/postgres.sh
if [[ -n "${DB:-}" ]]; then
  DATABASES=$DB
elif [[ -n "${DB_URL:-}" ]]; then
  DATABASES=pg
else
  DATABASES=h2
fi
PER_USER=4
AUDIENCES=50
JAR="$PWD/dispatcher/target/dispatcher.jar"
if [[ ! -f "$JAR" || ! -d dispatcher/target/test-classes || -n "${BUILD:-}" ]]; then
  ./mvnw -B -q -pl dispatcher -am package -DskipTests
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

printf '%-4s %-9s %10s %8s %10s %14s\n' db format rows seconds rows/s "peak heap MB"
for format in $FORMATS; do
  dir="$WORK/$format"
  mkdir -p "$dir"
  dispatcher/bench/synthetic-exports.sh "$format" $((ROWS / PER_USER)) "$AUDIENCES" "$PER_USER" "$dir/in" > /dev/null
  rows=$(( (ROWS / PER_USER) * PER_USER ))
  for db in $DATABASES; do
    run="$dir/$db"
    mkdir -p "$run"
    settings=()
    case "$db" in
      h2) ;;
      pg)
        fresh_pg_schema
        settings=("${PG_SETTINGS[@]}") ;;
      *) echo "unknown DB $db (h2 or pg)" >&2; exit 2 ;;
    esac
    (cd "$run" && java "-Xmx$HEAP" "-Xlog:gc:file=$run/gc.log" -jar "$JAR" run "--input=$format:$dir/in" \
      ${settings[@]+"${settings[@]}"} ${JOB_ARGS:-} > "$run/out.txt" 2>&1) || true
    # the summary line starts with "  ingest step:" and carries "... S s ... (N rows/s)"
    step=$(grep -E '^ *ingest step:' "$run/out.txt" | head -1 || true)
    if [[ -z "$step" ]]; then
      echo "no ingest step line for $db/$format; the run said:" >&2
      tail -20 "$run/out.txt" >&2
      continue
    fi
    rate=$(grep -oE '\(([0-9][0-9,]*) rows/s\)' <<< "$step" | tr -dc '0-9')
    seconds=$(grep -oE '[0-9]+(\.[0-9]+)? s\b' <<< "$step" | head -1 | cut -d' ' -f1)
    peak=$(grep -oE '[0-9]+M->[0-9]+M' "$run/gc.log" | sed -E 's/M->.*//' | sort -n | tail -1)
    printf '%-4s %-9s %10s %8s %10s %14s\n' "$db" "$format" "$rows" "${seconds:-?}" "${rate:-?}" "${peak:-?}"
  done
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), heap limit $HEAP, load average $(cut -d' ' -f1-3 /proc/loadavg)"
