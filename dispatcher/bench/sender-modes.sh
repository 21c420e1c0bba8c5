#!/usr/bin/env bash
# The sender's ways of sending, side by side against one emulator (on demand, not part of `verify`):
# in one run, against one emulator in its own JVM (LATENCY, UNITS, RETRY_AFTER as in emulator.sh),
#   (a) the bare send loop at each of BARE_CONCURRENCIES (fresh JVM, BARE_WARM_UP untimed sends);
#   (b) the dispatch job (fat jar, heap limit HEAP) for each of MODES on the same export of USERS
#       users: `adaptive` (the defaults), a number (dispatcher.delivery.concurrency, fixed), or `old`
#       (the jar OLD_JAR with its own defaults, e.g. built from an older commit outside the project);
#       JOB_ARGS are added to each job's command line.
# For each it prints messages/s, the throttled share (the job's), and its CPU time. With SAMPLES=N it
# also takes N thread dumps (jcmd Thread.print) of each job in its dispatch step and counts where its
# send threads and its step thread were (a rough profile of where the time goes).
#
#   LATENCY=20 dispatcher/bench/sender-modes.sh                       # 60,000 users, bare 32 and 256
#   LATENCY=20 UNITS=4 MODES="adaptive 256" SAMPLES=20 dispatcher/bench/sender-modes.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-60000}
HEAP=${HEAP:-256m}
MODES=${MODES:-"adaptive 256"}
BARE_CONCURRENCIES=${BARE_CONCURRENCIES:-"32 256"}
BARE_WARM_UP=${BARE_WARM_UP:-2000}
SAMPLES=${SAMPLES:-0}
. dispatcher/bench/emulator.sh

echo "users $USERS, emulator latency ${LATENCY:-${LATENCY_MS:-0}} ms, units ${UNITS:-unlimited}${RETRY_AFTER:+ (429 with Retry-After)}," \
  "job heap limit $HEAP${JOB_ARGS:+, job arguments $JOB_ARGS}"
for concurrency in $BARE_CONCURRENCIES; do
  java -cp "$CP" io.signalranon.dispatcher.bench.BareSendLoop "$CONNECTION" "$USERS" "$concurrency" 900 "$BARE_WARM_UP" \
    | sed "s/^bare send loop/bare send loop at $concurrency/"
done

# where_threads FILE...: counts, over thread dumps, the send threads by what they were doing, and the step thread's
where_threads() {
  python3 - "$@" <<'PY'
import re, sys, collections
send, step = collections.Counter(), collections.Counter()
for name in sys.argv[1:]:
    for block in open(name).read().split('\n\n'):
        head = block.split('\n', 1)[0]
        frames = re.findall(r'\tat ([\w$.]+)\(', block)
        text = '\n'.join(frames)
        if head.startswith('"signalr-send-'):
            if 'SendGate.admit' in text: send['waiting at the gate'] += 1
            elif 'SocketInputStream' in text or 'NioSocketImpl' in text or 'SocketDispatcher' in text: send['in a send (socket)'] += 1
            elif 'RetryingSender' in text or 'SignalRRestClient' in text: send['in a send (client code)'] += 1
            elif 'prepareAhead' in text: send['preparing the next chunk'] += 1
            elif 'ThreadPoolExecutor.getTask' in text: send['idle (chunk done)'] += 1
            else: send['other: ' + (frames[0] if frames else '?')] += 1
        elif 'SimpleStepExecutor' in text or 'ChunkOrientedStep' in text or 'TaskletStep' in text or 'StepExecutor' in text:
            if 'recordAll' in text: step['recording outcomes (OFFER_SENT, FAILED_SEND)'] += 1
            elif 'handOver' in text: step['waiting for the chunk\'s sends'] += 1
            elif 'commit' in text.lower(): step['committing'] += 1
            elif 'Reader' in text or 'read' in frames[0].lower(): step['reading'] += 1
            else: step['other: ' + next((f for f in frames if not f.startswith(('java.', 'jdk.', 'sun.'))), '?')] += 1
def show(title, counter):
    total = sum(counter.values()) or 1
    print('  %s: %s' % (title, ', '.join('%s %.0f%%' % (k, 100.0 * v / total) for k, v in counter.most_common())))
show('send threads', send)
show('step thread', step)
PY
}

mkdir -p "$WORK/job/in"
write_export "$WORK/job/in/changes.csv" "$USERS"
for mode in $MODES; do
  rm -rf "$WORK/job/data" # a fresh store: the same users again
  concurrency=()
  jar=$JAR
  if [[ "$mode" == old ]]; then
    jar=$(realpath "$OLD_JAR")
  elif [[ "$mode" != adaptive ]]; then
    concurrency=("--dispatcher.delivery.concurrency=$mode")
  fi
  (cd "$WORK/job" && exec /usr/bin/time -f "%U %S" -o "$WORK/time.txt" env SIGNALR_CONNECTION_STRING="$CONNECTION" \
    java "-Xmx$HEAP" -jar "$jar" run --input=csv:in --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z \
    "${concurrency[@]}" ${JOB_ARGS:-} > "$WORK/job.txt" 2>&1) &
  JOB=$!
  EXTRA_PIDS=$JOB
  rm -f "$WORK"/dump.*
  if [[ "$SAMPLES" -gt 0 ]]; then
    until grep -q "dispatch: " "$WORK/job.txt" || ! kill -0 $JOB 2>/dev/null; do sleep 0.1; done
    java_pid=$(pgrep -P "$JOB" java || true)
    for i in $(seq "$SAMPLES"); do
      grep -q "dispatch step:" "$WORK/job.txt" && break
      jcmd "$java_pid" Thread.print > "$WORK/dump.$i" 2>/dev/null || break
      sleep 0.3
    done
  fi
  wait $JOB || true
  echo "job, $mode:$(grep -E 'dispatch step:' "$WORK/job.txt" | sed -E 's/.*dispatch step://')," \
    "CPU $(awk '{printf "%.1f s", $1 + $2}' "$WORK/time.txt") (the whole job)"
  grep -E "delivery rate:|messages sent" "$WORK/job.txt" | sed 's/^ */  /'
  grep -E "sending: " "$WORK/job.txt" | tail -2 | sed -E 's/^.*sending: /  last progress: /' || true
  compgen -G "$WORK/dump.*" > /dev/null && where_threads "$WORK"/dump.*
  [[ -n "${KEEP_LOGS:-}" ]] && cp "$WORK/job.txt" "$KEEP_LOGS.$mode.txt"
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
