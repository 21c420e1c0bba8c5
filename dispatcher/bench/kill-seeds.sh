#!/usr/bin/env bash
# Crash safety at scale (on demand, not part of `verify`): KillDuringDispatchIntegrationTests' kill -9 case over
# SEEDS seeds (default 20; the build runs 3). Each seed: a run of 3,000 users against an emulator process 20 ms
# away (2% random 503, one user always 400; every fifth seed also 30% random 429), killed with SIGKILL at a
# seeded point (every third seed during ingest or the targets step, the others while sending), then the same
# command resumes it; the test asserts that every targeted user is delivered or recorded as failed, duplicates
# only from the chunk in flight with their original messageId. Prints one line per seed.
#
#   dispatcher/bench/kill-seeds.sh
#   SEEDS=40 dispatcher/bench/kill-seeds.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
SEEDS=${SEEDS:-20}
echo "kill -9 over $SEEDS seeds; load average at the start $(cut -d' ' -f1-3 /proc/loadavg)"
log=$(mktemp)
status=0
./mvnw -B -pl dispatcher -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
  -Dit.test='KillDuringDispatchIntegrationTests#runsKilledDuringDispatchResumeWithEveryUserDeliveredOrRecorded' \
  -Dfailsafe.failIfNoSpecifiedTests=false -Dkill.seeds="$SEEDS" > "$log" 2>&1 || status=$?
grep -E '^kill seed |delivered and also recorded as failed' "$log" || true
grep -E 'Tests run:.*KillDuring|FAIL|AssertionError' "$log" | head -20 || true
echo "load average at the end $(cut -d' ' -f1-3 /proc/loadavg); maven exit $status"
rm -f "$log"
exit "$status"
