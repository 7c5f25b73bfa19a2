#!/usr/bin/env bash
# Fuzzes the Jazzer targets one after another, each for DURATION (default 10m):
#   bash fuzz.sh [DURATION] [TARGET...]      e.g. bash fuzz.sh 30m MachineFuzzTest
# Targets: ElfFuzzTest MachineFuzzTest SnapshotFuzzTest SchedulerFuzzTest TransactionFuzzTest (default: all).
# Each log goes to runtime/target/fuzz-TARGET.log; its last status line has the executions,
# exec/s and coverage (cov = edges, ft = features). A finding stops that target with a non-zero
# status and is written as crash-* into runtime/<module>/src/test/resources/org/ckbvm/<pkg>/<Target>Inputs/
# (module: snapshot for the first three, scheduler for SchedulerFuzzTest, simulation for TransactionFuzzTest).
set -u
cd "$(dirname "$0")"
duration=${1:-10m}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ElfFuzzTest MachineFuzzTest SnapshotFuzzTest SchedulerFuzzTest TransactionFuzzTest)
mkdir -p runtime/target
status=0
for t in "${targets[@]}"; do
    log=runtime/target/fuzz-$t.log
    case $t in
        TransactionFuzzTest) module=runtime/simulation ;;
        SchedulerFuzzTest) module=runtime/scheduler ;;
        *) module=runtime/snapshot ;;
    esac
    JAZZER_FUZZ=1 mvn -o -pl "$module" -am test -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtest="$t" -Djazzer.max_duration="$duration" > "$log" 2>&1
    rc=$?
    echo "$t: exit $rc; $(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "$log" | tail -1 | cut -c1-120)"
    [ $rc -ne 0 ] && status=1
done
exit $status
