package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;

import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.scheduler.ScriptResult;
import org.ckbvm.snapshot.Snapshot;

/**
 * {@code run} of a script in the scheduler (docs/SPAWN.md; CKB runs every script in one): the
 * root VM is the ELF, the {@code --source} blobs are the cell deps spawn and exec find programs
 * in. The report is one machine's, the root VM's pc and state root, so a script that never
 * spawns prints exactly what a single machine prints (the scheduler runs it exactly as one
 * machine, {@code SingleMachineEquivalenceTest}); a script that created several VMs adds
 * {@code vms_created}, {@code bundle_root} (not after a VM error: ckb keeps nothing of a failed
 * script) and, at a stop, {@code live_vms}.
 */
final class ScheduledRun {
    private static final HexFormat HEX = HexFormat.of();

    private ScheduledRun() {}

    /**
     * Runs {@code env} under {@code maxCycles} and prints the report; at a stop writes the encoded
     * {@code SchedulerState} to {@code stateOut} if given.
     *
     * @return the process status, or -1 when the root program did not even load (the caller
     *         reports that as one machine's load error)
     */
    static int run(ScriptEnvironment env, long maxCycles, Path stateOut, boolean json) throws IOException {
        Scheduler scheduler = Scheduler.start(env);
        ScriptResult result = scheduler.run(maxCycles);
        if (scheduler.snapshotOf(0).isEmpty() && result instanceof ScriptResult.Failed && scheduler.vmsCreated() <= 1) {
            return -1; // the root's boot failed: no VM ever ran
        }
        return report(scheduler, result, stateOut, json, -1);
    }

    /**
     * Runs a resumed scheduler on under {@code maxCycles} and prints the report, as {@link #run},
     * with {@code resume_ms} from {@code resumeNanos} (the time its state took to check and restore).
     */
    static int resume(Scheduler scheduler, long maxCycles, Path stateOut, boolean json, long resumeNanos)
            throws IOException {
        return report(scheduler, scheduler.run(maxCycles), stateOut, json, resumeNanos);
    }

    private static int report(Scheduler scheduler, ScriptResult result, Path stateOut, boolean json, long resumeNanos)
            throws IOException {
        java.util.Optional<Snapshot> root = scheduler.snapshotOf(0);
        long pc = root.map(s -> s.state().pc()).orElse(0L);
        RunOutcome outcome = RunOutcome.ofScript(result, pc);
        root.ifPresent(s -> outcome.with("state_root", "0x" + HEX.formatHex(s.stateRoot())));
        boolean several = scheduler.vmsCreated() > 1;
        if (several) {
            outcome.with("vms_created", scheduler.vmsCreated());
            if (!(result instanceof ScriptResult.Failed)) {
                outcome.with("bundle_root", "0x" + HEX.formatHex(scheduler.bundleRoot()));
            }
        }
        if (result instanceof ScriptResult.Suspended) {
            SchedulerState state = scheduler.suspend();
            if (several) {
                outcome.with("live_vms", state.vms().size());
            }
            if (stateOut != null) {
                SnapshotOptions.write(stateOut, SchedulerStateCodec.encode(state));
                outcome.with("scheduler_state", stateOut.toString());
            } else if (several && !json) {
                System.err.println("stopped by the cycle limit with " + state.vms().size()
                        + " VMs alive; --scheduler-state FILE saves them all (check it with audit --scheduler-state FILE)");
            }
        }
        if (resumeNanos >= 0) {
            outcome.with("resume_ms", SegmentReport.millis(resumeNanos));
        }
        System.out.print(json ? outcome.json() + "\n" : outcome.text());
        return outcome.processStatus();
    }
}
