#!/usr/bin/env bash
# The dispatch step in one process and partitioned over 1, 2 and 3 worker processes (on demand, not part
# of `verify`). One emulator in its own JVM models the service (UNITS, default 20: 20,000 calls/s, 429
# beyond; LATENCY, default 20 ms, answered without holding a thread); PostgreSQL (see postgres.sh: each
# run gets a fresh schema, DB_URL names the first) and RabbitMQ (127.0.0.1:5672, guest) as on the
# project's machines. Every run is the same command on an export where USERS users (default 1,000,000)
# entered an audience: first in one process, then as manager with WORKERS workers started for it.
# Per run it prints the dispatch step's duration and rate (the manager's summary: split, sends, wait) and
# the CPU seconds per 100,000 messages of each process that sent, from /proc; then the ratios to the
# one-process run, measured in the same script run, and the machine's load average.
#
#   dispatcher/bench/scale-out.sh
#   USERS=200000 WORKERS="1 3" dispatcher/bench/scale-out.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-1000000}
WORKERS=${WORKERS:-"1 2 3"}
HEAP=${HEAP:-512m}
export UNITS=${UNITS:-20} LATENCY=${LATENCY:-20}
. dispatcher/bench/emulator.sh
. dispatcher/bench/postgres.sh
BASE_URL=$PG_URL
QUEUE="dispatch.partition.requests.bench-$$"
HZ=$(getconf CLK_TCK)
mkdir -p "$WORK/in"
write_export "$WORK/in/changes.csv" "$USERS"
echo "users $USERS, service: $UNITS units, $LATENCY ms; heap $HEAP per process; $(nproc) cores;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

cpu_ticks() { awk '{print $14 + $15}' /proc/"$1"/stat; }

# run NAME WORKERS: the run in a fresh schema, as manager of WORKERS workers (0: in one process)
run() {
  local name=$1 workers=$2
  local dir="$WORK/$name"
  PG_URL="${BASE_URL%%currentSchema=*}currentSchema=bench_scale_$name"
  PG_SETTINGS=("--spring.datasource.url=$PG_URL" "--spring.datasource.username=$DB_USER"
    "--spring.datasource.password=${DB_PASSWORD:-}")
  fresh_pg_schema
  mkdir -p "$dir"
  local remote=(--dispatcher.remote.queue="$QUEUE")
  local pids=()
  for i in $(seq "$workers"); do
    (cd "$dir" && exec env SIGNALR_CONNECTION_STRING="$CONNECTION" java "-Xmx$HEAP" -jar "$JAR" worker \
      "${PG_SETTINGS[@]}" "${remote[@]}" > "$dir/worker-$i.txt" 2>&1) &
    pids+=($!)
    EXTRA_PIDS="$EXTRA_PIDS $!"
  done
  for _ in $(seq 600); do
    [[ "$(rabbitmqctl -q list_queues name consumers 2>/dev/null | awk -v q="$QUEUE" '$1 == q {print $2}')" == "$workers" ]] && break
    [[ $workers == 0 ]] && break
    sleep 0.5
  done
  local before=()
  for pid in "${pids[@]}"; do before+=("$(cpu_ticks "$pid")"); done
  local args=(run --input=csv:"$WORK/in" --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z "${PG_SETTINGS[@]}")
  [[ $workers -gt 0 ]] && args+=(--dispatcher.remote.enabled=true "${remote[@]}")
  (cd "$dir" && exec env SIGNALR_CONNECTION_STRING="$CONNECTION" /usr/bin/time -f "cpu %U %S" -o "$dir/time.txt" \
    java "-Xmx$HEAP" -jar "$JAR" "${args[@]}" > "$dir/job.txt" 2>&1) &
  local job=$!
  # the one-process run's CPU before its dispatch step: when it opens the service
  local at_dispatch=""
  while kill -0 $job 2>/dev/null; do
    if [[ $workers == 0 && -z "$at_dispatch" ]] && grep -q "Sending to SignalR at" "$dir/job.txt"; then
      local java_pid
      java_pid=$(pgrep -P $job java || true)
      [[ -n "$java_pid" ]] && at_dispatch=$(cpu_ticks "$java_pid")
    fi
    sleep 0.05
  done
  wait $job || true
  local seconds rate line
  line=$(grep 'dispatch step:' "$dir/job.txt" || echo "dispatch step: users 0, 0 s (0 messages/s)")
  seconds=$(sed -E 's/.*users [0-9]+, ([0-9.]+) s.*/\1/' <<< "$line")
  rate=$(sed -E 's/.*\(([0-9]+) messages\/s\).*/\1/' <<< "$line")
  local sent
  sent=$(grep -oE 'messages sent [0-9]+' "$dir/job.txt" | awk '{print $3}')
  local cpu=""
  if [[ $workers == 0 ]]; then
    local total
    total=$(awk '{print $2 + $3}' "$dir/time.txt" | tail -1)
    cpu=$(python3 -c "print('%.1f' % (($total - ${at_dispatch:-0} / $HZ) * 100000 / max($sent, 1)))")
  else
    local i=0 spent=""
    for pid in "${pids[@]}"; do
      spent="$spent $pid:$(( $(cpu_ticks "$pid") - ${before[$i]} ))"
      i=$((i + 1))
    done
    # each worker's CPU per 100,000 of the messages it delivered (the run report's partitions, by worker)
    cpu=$(python3 - "$dir" "$HZ" $spent <<'PY'
import glob, json, sys
report = json.load(open(sorted(glob.glob(sys.argv[1] + '/data/reports/*.json'))[-1]))
sent = {}
for p in report.get('partitions', []):
    pid = p['worker'].rsplit(':', 1)[-1]
    sent[pid] = sent.get(pid, 0) + p['messagesDelivered']
out = []
for entry in sys.argv[3:]:
    pid, ticks = entry.split(':')
    out.append('%.1f (%d messages)' % (int(ticks) / int(sys.argv[2]) * 100000 / max(sent.get(pid, 0), 1), sent.get(pid, 0)))
print(', '.join(out))
PY
)
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
  echo "$name|$workers|$sent|$seconds|$rate|${cpu# }" >> "$WORK/results.txt"
  printf '%-8s workers %d: %s messages, dispatch step %s s, %s messages/s; CPU s per 100,000 messages per process: %s%s\n' \
    "$name" "$workers" "$sent" "$seconds" "$rate" "${cpu# }" \
    "$(grep -o 'partitions: .*' "$dir/job.txt" | sed 's/^/; /' || true)"
}

run single 0
for n in $WORKERS; do
  run "remote$n" "$n"
done
python3 - "$WORK/results.txt" <<'PY'
import sys
rows = [l.strip().split('|') for l in open(sys.argv[1])]
base = float(rows[0][4]) or 1
for name, workers, sent, seconds, rate, cpu in rows:
    print('%-8s %s workers: %6.2f of the one-process rate' % (name, workers, float(rate) / base))
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
rabbitmqctl -q delete_queue "$QUEUE" > /dev/null 2>&1 || true
rabbitmqctl -q delete_queue "$QUEUE.dlq" > /dev/null 2>&1 || true
