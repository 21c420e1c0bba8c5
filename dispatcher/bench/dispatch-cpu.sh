#!/usr/bin/env bash
# Where the CPU goes once warm (on demand, not part of `verify`). Against one emulator started in its
# own JVM, it runs
#   (a) the bare send loop of dispatch-benchmark.sh for USERS users, and
#   (b) the dispatch job (fat jar, heap limit HEAP) on an export where USERS users entered an audience,
# and prints the CPU time of every thread group of the process (from /proc/<pid>/task/*/stat) and of
# the emulator over a window: 10 s in the middle of (a); from user FROM to user TO of the dispatch
# step in (b) (both multiples of the step's progress interval: 20 chunks, 10,000 users by default).
# JOB_ARGS are added to the job's command line. Linux only.
#
#   dispatcher/bench/dispatch-cpu.sh                           # 600,000 users, window 300,000-550,000
#   USERS=1000000 FROM=500000 TO=950000 dispatcher/bench/dispatch-cpu.sh
#   TO=540000 JOB_ARGS=--dispatcher.delivery.chunk-size=1000 dispatcher/bench/dispatch-cpu.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-600000}
FROM=${FROM:-300000}
TO=${TO:-550000}
HEAP=${HEAP:-256m}
. dispatcher/bench/emulator.sh

# CPU ticks per thread group of process $1 (digits in thread names folded), then the emulator's
snapshot() {
  for task in /proc/"$1"/task/*; do
    echo "$(cat "$task/comm" 2>/dev/null)|$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null)"
  done 2>/dev/null | awk -F'|' '$2 != "" {name = $1; gsub(/[0-9]+/, "N", name); ticks[name] += $2}
    END {for (name in ticks) print name "|" ticks[name]}'
  echo "emulator (other JVM)|$(awk '{print $14 + $15}' /proc/"$EMULATOR"/stat)"
}
# CPU seconds per thread group between two snapshots
report() {
  local hz
  hz=$(getconf CLK_TCK)
  join -t'|' <(sort "$1") <(sort "$2") \
    | awk -F'|' -v hz="$hz" '$3 > $2 {printf "  %8.2f s  %s\n", ($3 - $2) / hz, $1}' | sort -rn
}

echo "users $USERS, concurrency 32, message ~900 bytes, job heap limit $HEAP"
java -cp "$CP" io.signalranon.dispatcher.bench.BareSendLoop "$CONNECTION" "$USERS" 32 900 20000 > "$WORK/bare.txt" &
BARE=$!
sleep 8
snapshot $BARE > "$WORK/b0"
sleep 10
snapshot $BARE > "$WORK/b1"
wait $BARE
cat "$WORK/bare.txt"
bare_cpu=$(sed -E 's/.*CPU ([0-9.]+) s.*/\1/' "$WORK/bare.txt")
python3 -c "print('bare send loop, CPU per 100,000 messages: %.1f s (its timed part: %s s for $USERS)' % ($bare_cpu * 100000 / $USERS, '$bare_cpu'))"
echo "bare send loop, CPU over 10 s in its middle:"
report "$WORK/b0" "$WORK/b1"

mkdir -p "$WORK/job/in"
write_export "$WORK/job/in/changes.csv" "$USERS"
(cd "$WORK/job" && exec env SIGNALR_CONNECTION_STRING="$CONNECTION" java "-Xmx$HEAP" -jar "$JAR" run --input=csv:in \
  --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z ${JOB_ARGS:-} > "$WORK/job.txt" 2>&1) &
JOB=$!
EXTRA_PIDS=$JOB
until grep -q "dispatch: $FROM users" "$WORK/job.txt"; do sleep 0.05; done
snapshot $JOB > "$WORK/j0"
start=$(date +%s.%N)
until grep -q "dispatch: $TO users" "$WORK/job.txt"; do sleep 0.05; done
snapshot $JOB > "$WORK/j1"
end=$(date +%s.%N)
wait $JOB || true
grep 'dispatch step:' "$WORK/job.txt" | sed 's/^ */job: /'
python3 -c "print('job, CPU from user $FROM to user $TO (%.1f s, %.0f users/s):' % ($end - $start, ($TO - $FROM) / ($end - $start)))"
report "$WORK/j0" "$WORK/j1"
python3 - "$WORK/j0" "$WORK/j1" "$(getconf CLK_TCK)" "$FROM" "$TO" <<'PY'
import sys
def ticks(name):
    return {l.rsplit('|', 1)[0]: int(l.rsplit('|', 1)[1]) for l in open(name) if '|' in l and not l.startswith('emulator')}
a, b, hz = ticks(sys.argv[1]), ticks(sys.argv[2]), int(sys.argv[3])
seconds = sum(b[k] - a.get(k, 0) for k in b) / hz
users = int(sys.argv[5]) - int(sys.argv[4])
print('job, CPU per 100,000 messages: %.1f s (%.1f s over %d users)' % (seconds * 100000 / users, seconds, users))
PY
echo "job, CPU of the JIT compiler threads from its start to user $TO: $(grep '^C[0-9N] CompilerThre' "$WORK/j1" \
  | awk -F'|' -v hz="$(getconf CLK_TCK)" '{s += $2} END {printf "%.1f s", s / hz}')"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
