#!/usr/bin/env bash
# Fuzzing (on demand): each @FuzzTest (Jazzer) of the parsers fuzzes for its maxDuration (20 s), one JVM
# each, ROUNDS times (default 1); every round goes on from the corpus the last one kept (.cifuzz-corpus
# in the module). A plain `verify` runs only the seeds and the inputs kept as regression tests. An
# input that fails is written under src/test/resources/<package>/<Class>Inputs/<test>/ (Jazzer does),
# to be kept as a regression test once the parser is fixed.
#
#   dispatcher/bench/fuzz.sh                 # one pass, about 20 s per parser
#   ROUNDS=30 dispatcher/bench/fuzz.sh       # a long run: 10 minutes per parser
#   TARGETS="ExportParserFuzzTests#csv" dispatcher/bench/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-1}
TARGETS=${TARGETS:-"ExportParserFuzzTests#aepJson ExportParserFuzzTests#aepCsv ExportParserFuzzTests#segment
  ExportParserFuzzTests#mparticle ExportParserFuzzTests#unomiCsv ExportParserFuzzTests#csv UserFilesFuzzTests#usersCsv
  UserFilesFuzzTests#suppressionList CatalogFuzzTests#offersJson ConnectionStringFuzzTests#parse"}
for round in $(seq "$ROUNDS"); do
  for target in $TARGETS; do
    module=dispatcher
    [[ $target == ConnectionString* ]] && module=signalr-client
    echo "round $round: $target"
    JAZZER_FUZZ=1 ./mvnw -B -q -pl "$module" -am test -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false
  done
done
