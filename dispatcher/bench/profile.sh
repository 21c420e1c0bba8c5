#!/usr/bin/env bash
# Where the job's CPU goes (on demand, not part of `verify`): the dispatch job (fat jar, default settings,
# heap limit HEAP) on an export where USERS users entered an audience, against one emulator in its own JVM
# (see emulator.sh), recorded by Java Flight Recorder (method samples every 10 ms of each running thread).
# Prints the hottest methods by samples where they were on top of the stack (self), the share of
# samples per area of the code (the first frame, from the top, that is in one of the listed packages),
# and keeps the recording in OUT (default target/dispatch.jfr) for JDK Mission Control.
#
#   USERS=100000 dispatcher/bench/profile.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
USERS=${USERS:-100000}
HEAP=${HEAP:-256m}
OUT=$(realpath -m "${OUT:-dispatcher/target/dispatch.jfr}")
. dispatcher/bench/emulator.sh

mkdir -p "$WORK/job/in"
write_export "$WORK/job/in/changes.csv" "$USERS"
echo "users $USERS, default settings, heap $HEAP; load average at the start $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$WORK/job" && SIGNALR_CONNECTION_STRING="$CONNECTION" java "-Xmx$HEAP" \
  "-XX:StartFlightRecording=filename=$OUT,settings=profile,dumponexit=true" -jar "$JAR" run --input=csv:in \
  --offers="$OFFERS" --as-of=2026-12-01T00:00:00Z > "$WORK/job.txt" 2>&1)
grep -E 'dispatch step:|delivery rate:' "$WORK/job.txt"
jfr print --json --events jdk.ExecutionSample "$OUT" > "$WORK/samples.json"
python3 - "$WORK/samples.json" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))["recording"]["events"]
AREAS = [  # the first frame from the top in one of these is the sample's area
    ("io.signalranon.dispatcher.delivery.pace", "send gate and pacing"),
    ("io.signalranon.dispatcher.delivery", "send path (dispatcher)"),
    ("io.signalranon.dispatcher.offer", "deciding offers"),
    ("io.signalranon.dispatcher.message", "building messages"),
    ("io.signalranon.dispatcher.target", "reading targets"),
    ("io.signalranon.dispatcher.ingest", "ingest"),
    ("io.signalranon.dispatcher.membership", "ingest"),
    ("io.signalranon.client", "REST client and tokens (signalr-client)"),
    ("org.apache.hc", "HTTP client (Apache HttpClient 5)"),
    ("tools.jackson", "JSON (Jackson)"),
    ("com.fasterxml.jackson", "JSON (Jackson)"),
    ("org.h2", "database (H2)"),
    ("org.springframework.batch", "Spring Batch"),
    ("org.springframework", "Spring"),
    ("com.zaxxer.hikari", "connection pool"),
    ("javax.crypto", "HMAC (token signing)"),
    ("sun.security", "HMAC (token signing)"),
    ("sun.nio", "sockets"),
    ("java.net", "sockets"),
    ("sun.net", "sockets"),
]
self_methods = collections.Counter()
areas = collections.Counter()
for event in events:
    frames = event["values"]["stackTrace"]["frames"] if event["values"].get("stackTrace") else []
    if not frames:
        continue
    top = frames[0]["method"]
    self_methods[top["type"]["name"].replace("/", ".") + "." + top["name"]] += 1
    area = "other (JDK only on the stack)"
    for frame in frames:
        name = frame["method"]["type"]["name"].replace("/", ".")  # JFR writes org/h2/...
        found = next((label for prefix, label in AREAS if name.startswith(prefix)), None)
        if found:
            area = found
            break
    areas[area] += 1
total = sum(areas.values())
print("samples: %d (method samples of running Java threads)" % total)
print("by area (the nearest frame in a known package):")
for area, n in areas.most_common():
    print("  %5.1f%%  %s" % (100.0 * n / total, area))
print("hottest methods (self):")
for method, n in self_methods.most_common(15):
    print("  %5.1f%%  %s" % (100.0 * n / total, method))
PY
echo "recording: $OUT; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
