#!/usr/bin/env bash
# Dispatch benchmark (on demand, not part of `verify`). In one run, against one emulator started in
# its own JVM and warmed up first by an untimed send loop, it measures
#   (a) a bare send loop on the signalr-client: USERS messages of the dispatcher's size to distinct
#       users at the dispatcher's concurrency, nothing else; once before and once after (b), and the
#       mean of the two is the baseline (the speed of this machine drifts within minutes);
#   (b) the whole dispatch job (fat jar, heap limit HEAP) on an export where USERS users entered an
#       audience, with OFFERS (see emulator.sh): ingest, targets, then decide + send per user;
# and prints messages/s of both, their ratio (b/a, the dispatch step's rate), and the job's peak heap.
# Both start their sends in a fresh JVM: the job's send path is compiled while the step runs, and so
# is the bare loop's (BARE_WARM_UP=20000 sends 20,000 messages one by one first, untimed: a baseline
# whose client code is compiled before it is timed).
#
#   dispatcher/bench/dispatch-benchmark.sh                     # 200,000 users, -Xmx256m
#   USERS=1000000 dispatcher/bench/dispatch-benchmark.sh
#   LATENCY_MS=20 dispatcher/bench/dispatch-benchmark.sh       # the emulator answers after 20 ms,
#                                                              # like a service across a network
#   UNITS=4 LATENCY=20 USERS=60000 dispatcher/bench/dispatch-benchmark.sh
#                                   # a service of 4 units (4,000 calls/s, 429 beyond) 20 ms away: also
#                                   # prints the job's delivered rate / the allowed rate and its throttled share
# The job runs with default settings (adaptive concurrency) unless JOB_CONCURRENCY fixes it; the bare
# loop runs CONCURRENCY threads. With UNITS set, the bare loop is skipped unless BARE=1 (it does not
# slow down for 429s).
# DB="h2 pg" runs the job (b) once per database listed, in that order, each on a fresh store (H2: a new
# file; pg: the PostgreSQL schema of DB_URL, see postgres.sh, dropped and created again), and prints each
# job's dispatch step rate, and per database the mean and its ratio to the first database's; the bare
# loop runs before the first job and after the last. DB="h2 pg h2 pg" alternates (the speed of a shared
# machine drifts within minutes). DB=h2 by default.
# Other settings: HEAP, CONCURRENCY, BODY_BYTES, CHUNK (the job's chunk size), JOB_JAVA_OPTS (e.g. a
# flight recording of the job), BARE_WARM_UP, EMULATOR_WARM_UP (sends, default USERS/5 up to 100,000),
# PROGRESS_LINES (the last progress lines of the job shown, default 3), JOB_LOG (a file that keeps the
# job's whole output).
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-200000}
HEAP=${HEAP:-256m}
CONCURRENCY=${CONCURRENCY:-32}
BODY_BYTES=${BODY_BYTES:-900}
LATENCY_MS=${LATENCY_MS:-0}
BARE_WARM_UP=${BARE_WARM_UP:-0}
EMULATOR_WARM_UP=${EMULATOR_WARM_UP:-$(( USERS / 5 < 100000 ? USERS / 5 : 100000 ))}
. dispatcher/bench/emulator.sh

echo "users $USERS, bare loop concurrency $CONCURRENCY, job concurrency ${JOB_CONCURRENCY:-adaptive}, message ~$BODY_BYTES bytes," \
  "emulator latency ${LATENCY:-$LATENCY_MS} ms, units ${UNITS:-unlimited}${RETRY_AFTER:+ (429 with Retry-After)}, job heap limit $HEAP"
if [[ -z "${BARE:-}" ]]; then BARE=1; [[ -n "${UNITS:-}" ]] && BARE=0; fi
java -cp "$CP" io.signalranon.dispatcher.bench.BareSendLoop "$CONNECTION" "$EMULATOR_WARM_UP" "$CONCURRENCY" "$BODY_BYTES" 0 \
  | sed 's/^bare send loop/emulator warm-up (untimed)/'
bare_loop() { # prints its line on stderr, its rate on stdout
  local line
  line=$(java -cp "$CP" io.signalranon.dispatcher.bench.BareSendLoop "$CONNECTION" "$USERS" "$CONCURRENCY" "$BODY_BYTES" "$BARE_WARM_UP")
  echo "$line" >&2
  sed -E 's/.* ([0-9]+) messages\/s.*/\1/' <<< "$line"
}
bare_before=0
[[ "$BARE" == 1 ]] && bare_before=$(bare_loop)

DB=${DB:-h2}
. dispatcher/bench/postgres.sh
mkdir -p "$WORK/in"
write_export "$WORK/in/changes.csv" "$USERS"
run_job() { # DB: runs the job on that database's fresh store; sets job_rate, job_out and peak
  local db=$1 settings=()
  job_out="$WORK/job-$db-$((++job_runs)).txt"
  rm -rf "$WORK/job" && mkdir -p "$WORK/job"
  case "$db" in
    h2) ;;
    pg) fresh_pg_schema; settings=("${PG_SETTINGS[@]}") ;;
    *) echo "unknown DB $db (h2 or pg)" >&2; exit 2 ;;
  esac
  (cd "$WORK/job" && SIGNALR_CONNECTION_STRING="$CONNECTION" java "-Xmx$HEAP" "-Xlog:gc:file=$WORK/gc-$db.log" ${JOB_JAVA_OPTS:-} \
    -jar "$JAR" run "--input=csv:$WORK/in" --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z \
    ${JOB_CONCURRENCY:+--dispatcher.delivery.concurrency=$JOB_CONCURRENCY} ${CHUNK:+--dispatcher.delivery.chunk-size=$CHUNK} \
    ${settings[@]+"${settings[@]}"} ${JOB_ARGS:-} > "$job_out" 2>&1) && echo "job ($db) exit code 0" || echo "job ($db) exit code $?"
  grep -E "ingest step:|users targeted|messages sent|withheld:|dispatch step:|delivery rate:" "$job_out" | sed "s/^ */job ($db): /" || true
  grep -E "sending: " "$job_out" | tail -"${PROGRESS_LINES:-3}" | sed -E "s/^.*sending: /job ($db), last progress: /" || true
  [[ -n "${JOB_LOG:-}" ]] && cp "$job_out" "$JOB_LOG"
  job_rate=$(grep 'dispatch step:' "$job_out" | grep -oE '\(([0-9]+) messages/s\)' | tr -dc '0-9' || true)
  if [[ -z "$job_rate" ]]; then
    echo "the job ($db) did not finish its dispatch step; the end of its output:" >&2
    tail -20 "$job_out" >&2
    exit 1
  fi
  peak=$(grep -oE '[0-9]+M->[0-9]+M' "$WORK/gc-$db.log" | sed -E 's/M->.*//' | sort -n | tail -1)
  rates+=("$db $job_rate")
}
job_runs=0
rates=()
for db in $DB; do
  run_job "$db"
done
if (( ${#rates[@]} > 1 )); then
  python3 - "${rates[@]}" <<'PY'
import sys
runs = [(r.split()[0], int(r.split()[1])) for r in sys.argv[1:]]
order = list(dict.fromkeys(db for db, _ in runs))
mean = {db: sum(v for d, v in runs if d == db) / sum(1 for d, _ in runs if d == db) for db in order}
for db in order:
    print('dispatch step on %-3s %s msg/s, mean %.0f, %.2f of %s' % (db, ' / '.join(str(v) for d, v in runs if d == db),
          mean[db], mean[db] / mean[order[0]], order[0]))
PY
fi
if [[ -n "${UNITS:-}" ]]; then
  python3 - "$job_out" "$UNITS" "$USERS" "${peak:-?}" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r'delivery rate: (\d+) delivered in ([0-9.]+) s \((\d+) messages/s\), throttled attempts (\d+) of (\d+)', text)
allowed = int(sys.argv[2]) * 1000
delivered, seconds, rate, throttled, attempts = int(m[1]), float(m[2]), int(m[3]), int(m[4]), int(m[5])
failed = re.search(r'messages sent \d+, failed (\d+)', text)
print('against %s units (%d calls/s): delivered %d of %s in %.1f s = %d msg/s = %.2f of the allowed rate; '
      'throttled %d of %d attempts (%.1f%%); lost %d (failed, in FAILED_SEND: %s); job peak heap %s MB'
      % (sys.argv[2], allowed, delivered, sys.argv[3], seconds, rate, rate / allowed, throttled, attempts,
         100.0 * throttled / max(attempts, 1), int(sys.argv[3]) - delivered - int(failed[1]), failed[1], sys.argv[4]))
PY
fi
if [[ "$BARE" != 1 ]]; then
  echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi
bare_after=$(bare_loop)
bare_rate=$(( (bare_before + bare_after) / 2 ))
python3 -c "print('ratio job/bare: %.2f   (job %s msg/s, bare %s msg/s: mean of %s before and %s after the job; bare warm-up %s sends), job peak heap %s MB' % ($job_rate/$bare_rate, $job_rate, $bare_rate, $bare_before, $bare_after, $BARE_WARM_UP, '${peak:-?}'))"
# the dispatch step's rate by quarter of its messages and over its second half (once its code is
# compiled), from its progress lines, timed from its first line ("Sending to SignalR at ...")
python3 - "$job_out" "$bare_rate" <<'PY'
import re, sys
from datetime import datetime
points = []
for line in open(sys.argv[1]):
    m = re.match(r'(\d\d:\d\d:\d\d\.\d+) .*(?:dispatch: (\d+) users, (\d+) delivered|Sending to SignalR at)', line)
    if m:
        points.append((datetime.strptime(m.group(1), '%H:%M:%S.%f'), int(m.group(3) or 0)))
bare = int(sys.argv[2])
if len(points) < 5:
    sys.exit(print("dispatch step by quarter: too few progress lines (USERS below 40,000)"))
def rate(start, end):
    return (end[1] - start[1]) / (end[0] - start[0]).total_seconds()
def at(share):
    return min(points, key=lambda p: abs(p[1] - share * points[-1][1]))
quarters = [rate(at(q / 4), at((q + 1) / 4)) for q in range(4)]
print('dispatch step by quarter of its messages: %s msg/s' % ' / '.join('%.0f' % r for r in quarters))
half = rate(at(0.5), points[-1])
print('second half of the dispatch step: %.0f msg/s, ratio %.2f' % (half, half / bare))
PY
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
