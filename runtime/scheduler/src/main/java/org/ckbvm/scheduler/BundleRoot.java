package org.ckbvm.scheduler;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SortedMap;

import org.ckbvm.hash.CkbHash;

/**
 * The bundle root: one 32-byte hash over a whole scheduler, its own state and every live VM's
 * state root (testvectors/STATE_ROOT.md Part III, normative):
 * <pre>
 * bundleRoot = H(0x04 || u32(format version = 1)
 *               || u64(total cycles) || u64(iteration cycles) || u64(next vm id) || u64(next fd slot)
 *               || u8(running vm present) || u64(running vm, 0 if absent)
 *               || u32(n) || n x (u64(id) || state || vm state root (32 bytes))   ascending id
 *               || u32(n) || n x (u64(fd) || u64(owner))                          ascending fd
 *               || u32(n) || n x (u64(id) || u32(k) || k x u64(fd))              inherited fds, ascending id
 *               || u32(n) || n x (u64(id) || u8(exit code))                       terminated VMs, ascending id
 *               || u32(n) || n x u64(id))                                          instantiated, ascending
 * state = u8(0)                                                        Runnable
 *       | u8(1) || u64(target) || u64(exit code addr)                   Wait
 *       | u8(2) || u64(fd) || u64(length) || u64(buffer) || u64(length addr)                  WaitForRead
 *       | u8(3) || u64(fd) || u64(consumed) || u64(length) || u64(buffer) || u64(length addr) WaitForWrite
 *       | u8(4)                                                        Terminated
 * </pre>
 * {@code H} is CKB's Blake2b-256, integers little-endian (STATE_ROOT.md §1).
 */
public final class BundleRoot {
    /** The tag of a bundle root's input (Part I uses 0x00 to 0x03). */
    public static final byte TAG_BUNDLE = 0x04;

    private BundleRoot() {}

    /** The bundle root of a scheduler's parts; {@code vmRoots} has the state root of every VM in {@code states}. */
    static byte[] of(long totalCycles, long iterationCycles, long nextVmId, long nextFdSlot, OptionalLong runningVm,
                     SortedMap<Long, VmState> states, Map<Long, byte[]> vmRoots, SortedMap<Long, Long> fds,
                     SortedMap<Long, List<Long>> inheritedFds, SortedMap<Long, Integer> terminatedVms,
                     List<Long> instantiatedIds) {
        Writer w = new Writer();
        w.u8(TAG_BUNDLE);
        w.u32(SchedulerState.FORMAT_VERSION);
        w.u64(totalCycles);
        w.u64(iterationCycles);
        w.u64(nextVmId);
        w.u64(nextFdSlot);
        w.u8(runningVm.isPresent() ? 1 : 0);
        w.u64(runningVm.orElse(0));
        w.u32(states.size());
        for (Map.Entry<Long, VmState> e : states.entrySet()) {
            w.u64(e.getKey());
            state(w, e.getValue());
            w.bytes(vmRoots.get(e.getKey()));
        }
        w.u32(fds.size());
        fds.forEach((fd, owner) -> {
            w.u64(fd);
            w.u64(owner);
        });
        w.u32(inheritedFds.size());
        inheritedFds.forEach((id, list) -> {
            w.u64(id);
            w.u32(list.size());
            list.forEach(w::u64);
        });
        w.u32(terminatedVms.size());
        terminatedVms.forEach((id, code) -> {
            w.u64(id);
            w.u8(code);
        });
        w.u32(instantiatedIds.size());
        instantiatedIds.forEach(w::u64);
        return CkbHash.hash(w.out.toByteArray());
    }

    private static void state(Writer w, VmState state) {
        if (state instanceof VmState.Runnable) {
            w.u8(0);
        } else if (state instanceof VmState.Wait s) {
            w.u8(1);
            w.u64(s.targetVmId());
            w.u64(s.exitCodeAddr());
        } else if (state instanceof VmState.WaitForRead s) {
            w.u8(2);
            w.u64(s.fd());
            w.u64(s.length());
            w.u64(s.bufferAddr());
            w.u64(s.lengthAddr());
        } else if (state instanceof VmState.WaitForWrite s) {
            w.u8(3);
            w.u64(s.fd());
            w.u64(s.consumed());
            w.u64(s.length());
            w.u64(s.bufferAddr());
            w.u64(s.lengthAddr());
        } else {
            w.u8(4);
        }
    }

    private static final class Writer {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int v) {
            out.write(v);
        }

        void u32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
        }

        void u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        void bytes(byte[] b) {
            out.write(b, 0, b.length);
        }
    }
}
