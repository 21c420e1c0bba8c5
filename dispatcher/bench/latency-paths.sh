#!/usr/bin/env bash
# The emulator's ways of adding latency, side by side (on demand, not part of `verify`). In one run it
# starts one emulator per mode, each in its own JVM, and runs the bare send loop (BareSendLoop, a
# fresh JVM each time, BARE_WARM_UP untimed sends first) against each at each concurrency, in turn:
#   none        no latency: the loop's ceiling on this machine;
#   latency     --latency=MS (the service's limits: answered after MS without holding a request thread);
#   latency-ms  --latency-ms=MS (fault plan: a sleep on the request thread).
# It prints messages/s, the mean round trip it implies (concurrency / rate), that round trip's
# excess over MS, and the CPU time per message of the emulator and of the loop (from /proc; Linux). With UNITS set, the `latency` mode runs with --units=UNITS too (the bucket is then
# in the path; the loop must stay below UNITS x 1000 calls/s, or the figures count 429s).
#
#   dispatcher/bench/latency-paths.sh                              # 20 ms, concurrency 32 and 256
#   MS=50 CONCURRENCIES="32 256 512" USERS=40000 dispatcher/bench/latency-paths.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
MS=${MS:-20}
USERS=${USERS:-20000}
CONCURRENCIES=${CONCURRENCIES:-"32 256"}
MODES=${MODES:-"none latency latency-ms"}
BARE_WARM_UP=${BARE_WARM_UP:-2000}
ROUNDS=${ROUNDS:-1}
WORK=$(mktemp -d)
# BUILD=0 reuses the jars and classpath of the last build (several runs in a row)
if [[ "${BUILD:-1}" != 0 || ! -f $PWD/dispatcher/target/bench-classpath.txt ]]; then
  ./mvnw -B -q -pl dispatcher -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=$PWD/dispatcher/target/bench-classpath.txt > /dev/null
fi
CP="$PWD/dispatcher/target/test-classes:$PWD/dispatcher/target/classes:$(cat $PWD/dispatcher/target/bench-classpath.txt)"
PIDS=""
trap 'kill $PIDS 2>/dev/null; rm -rf "$WORK"' EXIT

declare -A CONNECTION EMULATOR
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
for mode in $MODES; do
  case $mode in
    none) args=() ;;
    latency) args=("--latency=$MS" ${UNITS:+--units=$UNITS}) ;;
    latency-ms) args=("--latency-ms=$MS") ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx1g -jar signalr-emulator/target/signalr-emulator.jar --port "$port" --retain 1000 "${args[@]}" \
    > "$WORK/$mode.txt" 2>&1 &
  PIDS="$PIDS $!"
  EMULATOR[$mode]=$!
  for _ in $(seq 50); do grep -q Endpoint "$WORK/$mode.txt" && break; sleep 0.2; done
  CONNECTION[$mode]=$(grep -o 'Endpoint=.*' "$WORK/$mode.txt" | head -1)
done

echo "users $USERS per loop, latency $MS ms, bare warm-up $BARE_WARM_UP sends${UNITS:+, latency mode with --units=$UNITS}"
printf '%-11s %11s %9s %12s %12s %16s %16s\n' mode concurrency msg/s "round trip" "over $MS ms" \
  "emulator CPU/msg" "loop CPU/msg"
for round in $(seq "$ROUNDS"); do
  for concurrency in $CONCURRENCIES; do
    for mode in $MODES; do
      before=$(cpu_ticks "${EMULATOR[$mode]}")
      line=$(java -cp "$CP" io.signalranon.dispatcher.bench.BareSendLoop "${CONNECTION[$mode]}" "$USERS" "$concurrency" 900 "$BARE_WARM_UP")
      after=$(cpu_ticks "${EMULATOR[$mode]}")
      loop_cpu=$(sed -E 's/.*CPU ([0-9.]+) s.*/\1/' <<< "$line")
      rate=$(sed -E 's/.* ([0-9]+) messages\/s.*/\1/' <<< "$line")
      delivered=$(sed -E 's/.* ([0-9]+) delivered.*/\1/' <<< "$line")
      expected=$MS; [[ $mode == none ]] && expected=0
      python3 -c "import sys; c, r, e, d, u, t = map(int, sys.argv[1:7]); rtt = 1000.0 * c / r
emulator = 1e6 * t / $(getconf CLK_TCK) / (u + $BARE_WARM_UP); loop = 1e6 * float(sys.argv[8]) / u
print('%-11s %11d %9d %9.1f ms %9.1f ms %13.0f us %13.0f us%s' % (sys.argv[7], c, r, rtt, rtt - e, emulator, loop,
      '' if d == u else '  (%d of %d delivered)' % (d, u)))" \
        "$concurrency" "$rate" "$expected" "$delivered" "$USERS" "$((after - before))" "$mode" "$loop_cpu"
    done
  done
done
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
