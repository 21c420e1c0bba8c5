# Shared by the dispatch benchmarks (sourced, from the project root): builds the jars, puts
# the dispatcher's test classpath in CP, starts the emulator jar in its own JVM (LATENCY_MS, default
# 0; or the service's limits: UNITS, 1,000 calls/s each, 429 beyond; LATENCY, MS or MIN..MAX answered
# without holding a thread; RETRY_AFTER=1 for 429s with Retry-After; EMULATOR_ARGS, more of its options, e.g.
# "--fault-429 0.05") and sets EMULATOR (its pid), CONNECTION (its connection string) and WORK (a temporary folder).
# OFFERS is the job's catalog: by default sample-data/offers.json without its holdout, so that every
# user of the export gets a message and the job sends as many messages as the bare loop.
# On exit the emulator, any pid in EXTRA_PIDS and WORK are removed.
ROOT="$PWD"
# JAR, EMULATOR_JAR and CP may name copies of the jars and classes (to build again while a benchmark runs),
# with BUILD=0
JAR=${JAR:-"$ROOT/dispatcher/target/dispatcher.jar"}
EMULATOR_JAR=${EMULATOR_JAR:-"$ROOT/signalr-emulator/target/signalr-emulator.jar"}
WORK=$(mktemp -d)
# in the reactor, so that the sibling modules resolve to their jars (they are never installed)
# BUILD=0 reuses the jars and classpath of the last build (several runs in a row)
if [[ "${BUILD:-1}" != 0 || ! -f $ROOT/dispatcher/target/bench-classpath.txt ]]; then
  ./mvnw -B -q -pl dispatcher -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=$ROOT/dispatcher/target/bench-classpath.txt > /dev/null
fi
CP=${CP:-"$ROOT/dispatcher/target/test-classes:$ROOT/dispatcher/target/classes:$(cat $ROOT/dispatcher/target/bench-classpath.txt)"}

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx1g -jar "$EMULATOR_JAR" --port "$PORT" --retain 1000 --latency-ms="${LATENCY_MS:-0}" \
  ${UNITS:+--units=$UNITS} ${LATENCY:+--latency=$LATENCY} ${RETRY_AFTER:+--retry-after} ${EMULATOR_ARGS:-} \
  > "$WORK/emulator.txt" 2>&1 &
EMULATOR=$!
EXTRA_PIDS=""
trap 'kill $EMULATOR $EXTRA_PIDS 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do grep -q Endpoint "$WORK/emulator.txt" && break; sleep 0.2; done
CONNECTION=$(grep -o 'Endpoint=.*' "$WORK/emulator.txt" | head -1)

# write_export FILE N: a CSV export where N users entered cart_abandoners
write_export() {
  awk -v n="$2" 'BEGIN { print "user_id,segment,status,timestamp";
    for (i = 0; i < n; i++) printf "web-%08d,cart_abandoners,enter,2026-11-30T10:00:00Z\n", i }' > "$1"
}

if [[ -z "${OFFERS:-}" ]]; then
  OFFERS="$WORK/offers.json"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c.pop("holdout", None); json.dump(c, open(sys.argv[2], "w"))' \
    "$ROOT/sample-data/offers.json" "$OFFERS"
else
  OFFERS=$(realpath "$OFFERS") # a path from the project root; the job runs in its own folder
fi
