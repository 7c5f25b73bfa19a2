package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.ckbvm.hash.CkbHash;
import org.junit.jupiter.api.Test;

/**
 * The bundle root is what testvectors/STATE_ROOT.md Part III says, byte for byte: an independent
 * encoder written from the text agrees with {@link BundleRoot} on a real state, and the worked
 * example of §18 has the input and the root printed there.
 */
class BundleRootTest {

    /** The input of §17, written from the document with a ByteBuffer. */
    static byte[] referenceInput(SchedulerState s) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x04).putInt(1);
        b.putLong(s.totalCycles()).putLong(s.iterationCycles()).putLong(s.nextVmId()).putLong(s.nextFdSlot());
        b.put((byte) (s.runningVm().isPresent() ? 1 : 0)).putLong(s.runningVm().orElse(0));
        b.putInt(s.vms().size());
        for (SchedulerState.Vm vm : s.vms()) {
            b.putLong(vm.id());
            VmState st = vm.state();
            if (st instanceof VmState.Runnable) {
                b.put((byte) 0);
            } else if (st instanceof VmState.Wait w) {
                b.put((byte) 1).putLong(w.targetVmId()).putLong(w.exitCodeAddr());
            } else if (st instanceof VmState.WaitForRead r) {
                b.put((byte) 2).putLong(r.fd()).putLong(r.length()).putLong(r.bufferAddr()).putLong(r.lengthAddr());
            } else if (st instanceof VmState.WaitForWrite w) {
                b.put((byte) 3).putLong(w.fd()).putLong(w.consumed()).putLong(w.length()).putLong(w.bufferAddr())
                        .putLong(w.lengthAddr());
            } else {
                b.put((byte) 4);
            }
            b.put(vm.snapshot().stateRoot());
        }
        b.putInt(s.fds().size());
        s.fds().forEach(f -> b.putLong(f.fd()).putLong(f.vmId()));
        b.putInt(s.inheritedFds().size());
        s.inheritedFds().forEach(i -> {
            b.putLong(i.vmId()).putInt(i.fds().size());
            i.fds().forEach(b::putLong);
        });
        b.putInt(s.terminatedVms().size());
        s.terminatedVms().forEach(t -> b.putLong(t.vmId()).put((byte) t.exitCode()));
        b.putInt(s.instantiatedIds().size());
        s.instantiatedIds().forEach(b::putLong);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    @Test
    void aRealStateHashesAsTheDocumentSays() {
        SchedulerState s = SchedulerStates.rich().state();
        assertArrayEquals(CkbHash.hash(referenceInput(s)), s.bundleRoot());
    }

    /** STATE_ROOT.md §18: two live VMs, the root waiting for VM 2, which blocks in a write. */
    @Test
    void workedExample() {
        byte[] root0 = new byte[32];
        byte[] root2 = new byte[32];
        java.util.Arrays.fill(root0, (byte) 0x11);
        java.util.Arrays.fill(root2, (byte) 0x22);
        TreeMap<Long, VmState> states = new TreeMap<>(Map.of(
                0L, new VmState.Wait(2, 0x3ffff0),
                2L, new VmState.WaitForWrite(5, 4, 10, 0x3fff00, 0x3ffee8)));
        TreeMap<Long, byte[]> roots = new TreeMap<>(Map.of(0L, root0, 2L, root2));
        TreeMap<Long, Long> fds = new TreeMap<>(Map.of(4L, 0L, 5L, 2L));
        TreeMap<Long, List<Long>> inherited = new TreeMap<>(Map.of(1L, List.of(), 2L, List.of(5L)));
        TreeMap<Long, Integer> terminated = new TreeMap<>(Map.of(1L, -3));
        byte[] bundle = BundleRoot.of(1000, 0, 3, 6, OptionalLong.empty(), states, roots, fds, inherited, terminated,
                List.of(0L, 2L));
        assertEquals(WORKED_ROOT, HexFormat.of().formatHex(bundle));
        assertEquals(WORKED_ROOT, HexFormat.of().formatHex(CkbHash.hash(HexFormat.of().parseHex(WORKED_INPUT))));
    }

    /** The worked example printed in STATE_ROOT.md §18 is this one, verbatim. */
    @Test
    void theDocumentPrintsTheWorkedExample() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(org.ckbvm.TestVectors.root().resolve("STATE_ROOT.md"));
        String block = doc.substring(doc.indexOf("The 293-byte input and its hash:"));
        block = block.substring(block.indexOf("```") + 3, block.indexOf("bundleRoot ="));
        assertEquals(WORKED_INPUT, block.replaceAll("\\s", ""));
        assertEquals(true, doc.contains("bundleRoot = " + WORKED_ROOT));
    }

    /** STATE_ROOT.md §18, the 293-byte input and its hash. */
    static final String WORKED_INPUT = "0401000000e8030000000000000000000000000000030000000000000006000000000000000000000000000000000200"
            + "00000000000000000000010200000000000000f0ff3f0000000000111111111111111111111111111111111111111111"
            + "1111111111111111111111020000000000000003050000000000000004000000000000000a0000000000000000ff3f00"
            + "00000000e8fe3f0000000000222222222222222222222222222222222222222222222222222222222222222202000000"
            + "040000000000000000000000000000000500000000000000020000000000000002000000010000000000000000000000"
            + "0200000000000000010000000500000000000000010000000100000000000000fd020000000000000000000000020000"
            + "0000000000";
    static final String WORKED_ROOT = "5dfc2271998c65ffe87a59dde3472d7997096e8349db6dbe05bfe7b739476a2d";
}
