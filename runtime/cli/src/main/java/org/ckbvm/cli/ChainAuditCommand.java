package org.ckbvm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.chain.CommittedState;
import org.ckbvm.chain.SuspendedScript;
import org.ckbvm.chain.SuspensionRecord;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.RocksChainStore;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chain audit --db DIR [--blocks FILE] [--source PATH ...]}: checks a whole chain state
 * against its head block's commitment root (every record and account hashes into it), and
 * every suspended execution's snapshot against its record; with the data blobs (a chain file's,
 * or {@code --source}), also that each snapshot resumes to its state root. Last line
 * {@code N passed, M failed}; exit 1 on any failure.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Check a chain state against its head block's commitment root and every snapshot against its record.")
final class ChainAuditCommand implements Callable<Integer> {
    @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
    Path db;

    @Option(names = "--blocks", paramLabel = "FILE", description = "A chain file whose blobs are the data source.")
    Path blocks;

    @Mixin
    SourceOptions sources;

    @Override
    public Integer call() throws Exception {
        InMemoryDataSource data = new InMemoryDataSource();
        if (blocks != null) {
            ChainCommand.chainFile("--blocks", blocks).blobs().forEach(data::add);
        }
        sources.addTo(data);
        boolean resumable = blocks != null || !sources.sources.isEmpty();
        int passed = 0;
        int failed = 0;
        try (RocksChainStore store = ChainCommand.openChainState(db)) {
            CommittedState state;
            try {
                state = CommittedState.open(store);
            } catch (NodeFault e) {
                System.out.println("FAIL commitment: " + e.getMessage());
                System.out.println("0 passed, 1 failed");
                return ExitStatus.FAILED;
            }
            ChainHead head = state.head();
            System.out.println("ok   commitment of block " + head.number() + " " + head.hash() + ": root "
                    + ChainProofCommands.hex(head.commitmentRoot()) + " over "
                    + state.commitment().executionCount() + " suspended executions");
            passed++;
            List<TxHash> executions = new ArrayList<>();
            store.forEach(ChainStore.Family.RECORDS, (k, v) -> executions.add(TxHash.of(k)));
            for (TxHash execution : executions) {
                String problem = check(state, execution, data, resumable);
                if (problem == null) {
                    passed++;
                    System.out.println("ok   " + execution);
                } else {
                    failed++;
                    System.out.println("FAIL " + execution + ": " + problem);
                }
            }
        }
        System.out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? ExitStatus.OK : ExitStatus.FAILED;
    }

    private static String check(CommittedState state, TxHash execution, InMemoryDataSource data, boolean resume) {
        try {
            SuspensionRecord record = state.record(execution).orElseThrow();
            SuspendedScript suspended = state.suspended(record);
            for (SchedulerState.Vm vm : suspended.state().vms()) {
                if (!vm.snapshot().sources().equals(record.sources())) {
                    return "the snapshot of VM " + vm.id() + " has other sources than its record";
                }
            }
            if (suspended.form() == SuspensionRecord.Form.MACHINE && !suspended.state().vms().get(0).snapshot()
                    .programSource().map(record.program()::equals).orElse(false)) {
                return "the snapshot's program differs from its record's";
            }
            if (resume) {
                // resumes every VM and checks its state root, then the bundle root
                Scheduler.resume(suspended.state(), ScriptEnvironment.of(record.profile(), data, record.program(),
                        record.sources()));
            }
            return null;
        } catch (NodeFault e) {
            return e.getMessage();
        } catch (SchedulerStateException e) {
            return "does not resume: " + e.getMessage();
        }
    }
}
