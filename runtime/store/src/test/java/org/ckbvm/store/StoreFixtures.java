package org.ckbvm.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.ckbvm.TestVectors;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;

/** Snapshots of load_blob (a 192 KiB data blob and a code blob as sources) for store tests. */
public final class StoreFixtures {
    public static final MachineConfig CONFIG = MachineConfig.defaults();

    public final InMemoryDataSource blobs = new InMemoryDataSource();
    public final SourceId program;
    public final SourceId data;
    public final SourceId code;

    public StoreFixtures() {
        try {
            program = blobs.add(Files.readAllBytes(TestVectors.elf("load_blob")));
            data = blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin")));
            code = blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh machine running load_blob with argv [rounds]. */
    public SuspendableMachine boot(int rounds) {
        return SuspendableMachine.boot(CONFIG, blobs, program, List.of(data, code),
                List.of(Integer.toString(rounds).getBytes(StandardCharsets.US_ASCII)), m -> { }, List.of());
    }

    /** load_blob suspended at {@code cycles}. */
    public Snapshot suspendedAt(long cycles, int rounds) {
        SuspendableMachine sm = boot(rounds);
        if (!(sm.run(cycles) instanceof RunResult.CyclesExceeded)) {
            throw new IllegalStateException("load_blob finished before " + cycles + " cycles");
        }
        return sm.snapshot(Snapshot.Kind.V2);
    }

    /**
     * {@code count} distinct snapshots of the same contract: executions with argv 1, 2, 3, ...,
     * each suspended every {@code step} cycles after {@code first} until it finishes.
     */
    public List<Snapshot> many(int count, long first, long step) {
        List<Snapshot> out = new ArrayList<>(count);
        int rounds = 1;
        while (out.size() < count) {
            SuspendableMachine sm = boot(rounds++);
            long limit = first;
            while (out.size() < count && sm.run(limit) instanceof RunResult.CyclesExceeded) {
                out.add(sm.snapshot(Snapshot.Kind.V2));
                limit += step;
            }
        }
        return out;
    }

    /** The state root load_blob ends in when run without interruption. */
    public byte[] finalRoot(int rounds) {
        SuspendableMachine sm = boot(rounds);
        RunResult r = sm.run(-1L);
        if (!(r instanceof RunResult.Exited e) || e.exitCode() != 0) {
            throw new IllegalStateException("load_blob did not exit 0: " + r);
        }
        return sm.stateRoot();
    }

    public static TxHash tx(int n) {
        return TxHash.of(CkbHash.hash(("tx-" + n).getBytes(StandardCharsets.US_ASCII)));
    }

    public static ExecutionMetadata meta(String owner, long createdAtSeconds) {
        return new ExecutionMetadata(owner, createdAtSeconds, OptionalLong.empty(), 0, 1);
    }

    public static ExecutionMetadata meta(String owner, long createdAtSeconds, long block) {
        return new ExecutionMetadata(owner, createdAtSeconds, OptionalLong.of(block), 0, 1);
    }
}
