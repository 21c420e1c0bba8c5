#!/usr/bin/env bash
# Noise benchmark (on demand, not part of `verify`): the whole job with default settings against three
# emulators, each in its own JVM, with the same latency (LATENCY_MS, or UNITS/LATENCY, see emulator.sh)
# and export, in one run, one after the other (ROUNDS times, the order reversed every other round):
#   clean  no faults;
#   429    5% of the sends answered 429 with Retry-After: 1, at random (--fault-429 0.05);
#   503    5% answered 503 (no Retry-After) and 2% whose connection is closed without an answer
#          (--fault-503 0.05 --fault-drop 0.02);
# and prints each run's delivered rate (the run summary's "delivery rate": delivered / dispatch step),
# its ratio to the clean run's of the same round, the throttled share, and the messages lost (neither
# delivered nor in FAILED_SEND).
#
#   USERS=100000 dispatcher/bench/noise-benchmark.sh
#   LATENCY_MS=20 USERS=100000 ROUNDS=2 dispatcher/bench/noise-benchmark.sh   # also the mean over both rounds
# Other settings: HEAP (256m), CHUNK, JOB_ARGS, SEED (1), FAULTS_429, FAULTS_503 (the emulator options).
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-100000}
HEAP=${HEAP:-256m}
ROUNDS=${ROUNDS:-1}
SEED=${SEED:-1}
FAULTS_429=${FAULTS_429:-"--fault-429 0.05"}
FAULTS_503=${FAULTS_503:-"--fault-503 0.05 --fault-drop 0.02"}
. dispatcher/bench/emulator.sh

start_emulator() { # NAME OPTIONS...: starts one more emulator like emulator.sh's; sets its connection in CONN_<NAME>
  local name=$1; shift
  local port out
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  out="$WORK/emulator-$name.txt"
  java -Xmx1g -jar "$EMULATOR_JAR" --port "$port" --retain 1000 --latency-ms="${LATENCY_MS:-0}" --seed "$SEED" \
    ${UNITS:+--units=$UNITS} ${LATENCY:+--latency=$LATENCY} ${RETRY_AFTER:+--retry-after} "$@" > "$out" 2>&1 &
  EXTRA_PIDS="$EXTRA_PIDS $!"
  for _ in $(seq 50); do grep -q Endpoint "$out" && break; sleep 0.2; done
  printf -v "CONN_$name" '%s' "$(grep -o 'Endpoint=.*' "$out" | head -1)"
}
CONN_clean=$CONNECTION
# shellcheck disable=SC2086
start_emulator 429 $FAULTS_429
# shellcheck disable=SC2086
start_emulator 503 $FAULTS_503

echo "users $USERS, emulator latency ${LATENCY:-${LATENCY_MS:-0}} ms, units ${UNITS:-unlimited}; 429: $FAULTS_429; 503: $FAULTS_503;" \
  "job: default settings${JOB_ARGS:+ $JOB_ARGS}, heap $HEAP; load average at the start $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$WORK/in"
write_export "$WORK/in/changes.csv" "$USERS"
runs=0
run_job() { # NAME: the job on a fresh H2 store against that emulator; prints one line, sets rate
  local name=$1 conn_var="CONN_$1" out
  out="$WORK/job-$name-$((++runs)).txt"
  rm -rf "$WORK/job" && mkdir -p "$WORK/job"
  (cd "$WORK/job" && SIGNALR_CONNECTION_STRING="${!conn_var}" java "-Xmx$HEAP" -jar "$JAR" run "--input=csv:$WORK/in" \
    --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z ${CHUNK:+--dispatcher.delivery.chunk-size=$CHUNK} ${JOB_ARGS:-} \
    > "$out" 2>&1) && code=0 || code=$?
  rate=$(python3 - "$out" "$USERS" "$name" "$code" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r'delivery rate: (\d+) delivered in ([0-9.]+) s \((\d+) messages/s\), throttled attempts (\d+) of (\d+)', text)
if not m:
    sys.stderr.write(text[-3000:])
    sys.exit(1)
delivered, seconds, rate, throttled, attempts = int(m[1]), float(m[2]), int(m[3]), int(m[4]), int(m[5])
failed = int(re.search(r'messages sent \d+, failed (\d+)', text)[1])
sys.stderr.write('%-5s exit %s: %d delivered in %.1f s = %d msg/s; failed %d; lost %d; throttled %d of %d attempts (%.1f%%)\n'
                 % (sys.argv[3], sys.argv[4], delivered, seconds, rate, failed, int(sys.argv[2]) - delivered - failed,
                    throttled, attempts, 100.0 * throttled / max(attempts, 1)))
print(rate)
PY
)
}
# odd rounds run clean, 429, 503 and even ones 503, 429, clean: over an even number of rounds each kind has
# the same mean position, so a machine that gets slower (or faster) as it stays busy favours none of them
sum_clean=0; sum_429=0; sum_503=0
for round in $(seq "$ROUNDS"); do
  if (( round % 2 == 1 )); then order="clean 429 503"; else order="503 429 clean"; fi
  for kind in $order; do
    run_job "$kind"
    printf -v "r$kind" '%s' "$rate"
  done
  sum_clean=$((sum_clean + rclean)); sum_429=$((sum_429 + r429)); sum_503=$((sum_503 + r503))
  python3 -c "print('round $round ($order): 5%% 429 Retry-After 1: %.2f of the clean run; 5%% 503 + 2%% resets: %.2f of the clean run' % ($r429 / $rclean, $r503 / $rclean))"
done
if (( ROUNDS > 1 )); then
  python3 -c "print('all $ROUNDS rounds, mean rates: clean %d, 429 %d (%.2f), 503 + resets %d (%.2f)' % ($sum_clean / $ROUNDS, $sum_429 / $ROUNDS, $sum_429 / $sum_clean, $sum_503 / $ROUNDS, $sum_503 / $sum_clean))"
fi
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
