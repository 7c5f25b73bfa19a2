package org.ckbvm.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.ckbvm.TestVectors;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.VmState;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.Test;

/**
 * The auditor's own bundle-root encoder gives the worked example of testvectors/STATE_ROOT.md §18,
 * read from the document: two live VMs (the root waits for VM 2, which blocks in a write), VM 1
 * exited with -3 and not waited for.
 */
class BundleRootRecomputationTest {

    @Test
    void theWorkedExampleOfTheDocument() throws Exception {
        String doc = Files.readString(TestVectors.root().resolve("STATE_ROOT.md"));
        int at = doc.indexOf("bundleRoot = ", doc.indexOf("## 18. Worked example"));
        String documented = doc.substring(at + "bundleRoot = ".length(), at + "bundleRoot = ".length() + 64);
        // the VMs' snapshots are not hashed here (their roots are given apart), any will do
        InMemoryDataSource blobs = new InMemoryDataSource();
        Snapshot any = SuspendableMachine.boot(MachineConfig.defaults(), blobs,
                blobs.add(Files.readAllBytes(TestVectors.elf("exit0"))), List.of(), List.of(), m -> { }, List.of())
                .snapshot(Snapshot.Kind.V2);
        SchedulerState state = new SchedulerState(1000, 0, 3, 6,
                List.of(new SchedulerState.Vm(0, new VmState.Wait(2, 0x3ffff0), any),
                        new SchedulerState.Vm(2, new VmState.WaitForWrite(5, 4, 10, 0x3fff00, 0x3ffee8), any)),
                List.of(new SchedulerState.FdOwner(4, 0), new SchedulerState.FdOwner(5, 2)),
                List.of(new SchedulerState.InheritedFds(1, List.of()), new SchedulerState.InheritedFds(2, List.of(5L))),
                List.of(new SchedulerState.ExitCode(1, -3)), List.of(0L, 2L), OptionalLong.empty(), new byte[32]);
        byte[] root0 = new byte[32];
        byte[] root2 = new byte[32];
        Arrays.fill(root0, (byte) 0x11);
        Arrays.fill(root2, (byte) 0x22);
        TreeMap<Long, byte[]> roots = new TreeMap<>();
        roots.put(0L, root0);
        roots.put(2L, root2);
        assertEquals(documented, HexFormat.of().formatHex(BundleRootRecomputation.of(state, roots)));
    }
}
