package org.ckbvm.suspension;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;

import org.ckbvm.machine.RunResult;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.MachineRegisters;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;
import org.ckbvm.store.StoreFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layer above the store: puts proven resumable, and executions resumed from the store (moved from SnapshotStoreTest). */
class StoreResumeTest {
    private static StoreFixtures fx;
    private static List<Snapshot> snapshots;

    @TempDir
    Path dir;
    private SnapshotStore store;

    @BeforeAll
    static void makeSnapshots() {
        fx = new StoreFixtures();
        snapshots = fx.many(1, 300_000, 97_000);
    }

    @BeforeEach
    void open() throws Exception {
        store = StoreResumer.open(dir.resolve("db"), StoreConfig.defaults());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void resumingFromTheStoreEndsWhereAnUninterruptedRunEnds() throws Exception {
        TxHash tx = StoreFixtures.tx(3);
        SuspendableMachine sm = fx.boot(2);
        assertInstanceOf(RunResult.CyclesExceeded.class, sm.run(1_000_000));
        store.put(tx, sm.snapshot(Snapshot.Kind.V2), StoreFixtures.meta("o", 1), fx.blobs);
        // segments through the store, with no data source but the store's
        long limit = 1_000_000;
        while (true) {
            ResumedExecution resumed = StoreResumer.resume(store, tx, s -> s.header().toConfig(), m -> { }, List.of()).orElseThrow();
            limit += 1_500_000;
            RunResult r = resumed.machine().run(limit);
            if (r instanceof RunResult.CyclesExceeded) {
                store.put(tx, resumed.machine().snapshot(Snapshot.Kind.V2),
                        resumed.stored().metadata().nextSegment(limit), new InMemoryDataSource());
                continue;
            }
            assertEquals(new RunResult.Exited(0), r);
            assertArrayEquals(fx.finalRoot(2), resumed.machine().stateRoot());
            break;
        }
    }

    @Test
    void aSnapshotThatDoesNotResumeToItsRootIsRefused() {
        Snapshot s = snapshots.get(0);
        MachineRegisters st = s.state();
        long[] regs = st.registers();
        regs[5] ^= 1;
        Snapshot tampered = new Snapshot(s.kind(), s.header(), new MachineRegisters(regs, st.pc(), st.cycles(),
                st.maxCycles(), st.loadReservation()), s.sources(), s.sourcePages(), s.dirtyPages(), s.stateRoot(),
                s.program());
        StoreException e = assertThrows(StoreException.class,
                () -> store.put(StoreFixtures.tx(1), tampered, StoreFixtures.meta("o", 1), fx.blobs));
        assertInstanceOf(StoreError.InvalidSnapshot.class, e.error());
    }
}
