package org.ckbvm.audit;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SortedMap;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.VmState;

/**
 * The bundle root of testvectors/STATE_ROOT.md Part III (§17), written here from the text and
 * not taken from the scheduler ({@code org.ckbvm.scheduler.BundleRoot}), so an audit does not
 * trust the code that produced the state: the scheduler's fields as decoded, and each VM's state
 * root as the auditor recomputed it from the VM's pages, not as the state records it.
 */
public final class BundleRootRecomputation {
    private BundleRootRecomputation() {}

    /**
     * {@code H(0x04 || u32(1) || u64 total || u64 iteration || u64 next vm || u64 next fd
     * || u8 p || u64 running || VMs || fds || inherited fds || terminated VMs || instantiated ids)},
     * integers little-endian, lists with a u32 count, in the state's (ascending) order.
     *
     * @param vmRoots the state root of every VM of {@code state}, by id
     */
    public static byte[] of(SchedulerState state, SortedMap<Long, byte[]> vmRoots) {
        Input in = new Input();
        in.u8(0x04);
        in.u32(1);
        in.u64(state.totalCycles());
        in.u64(state.iterationCycles());
        in.u64(state.nextVmId());
        in.u64(state.nextFdSlot());
        in.u8(state.runningVm().isPresent() ? 1 : 0);
        in.u64(state.runningVm().orElse(0));
        in.u32(state.vms().size());
        for (SchedulerState.Vm vm : state.vms()) {
            in.u64(vm.id());
            vmState(in, vm.state());
            in.out.writeBytes(vmRoots.get(vm.id()));
        }
        in.u32(state.fds().size());
        for (SchedulerState.FdOwner fd : state.fds()) {
            in.u64(fd.fd());
            in.u64(fd.vmId());
        }
        in.u32(state.inheritedFds().size());
        for (SchedulerState.InheritedFds i : state.inheritedFds()) {
            in.u64(i.vmId());
            List<Long> fds = i.fds();
            in.u32(fds.size());
            fds.forEach(in::u64);
        }
        in.u32(state.terminatedVms().size());
        for (SchedulerState.ExitCode c : state.terminatedVms()) {
            in.u64(c.vmId());
            in.u8(c.exitCode()); // int8, two's complement
        }
        in.u32(state.instantiatedIds().size());
        state.instantiatedIds().forEach(in::u64);
        return CkbHash.hash(in.out.toByteArray());
    }

    /** §17 {@code state}: a tag byte 0 to 4 and the waiting state's fields. */
    private static void vmState(Input in, VmState state) {
        if (state instanceof VmState.Runnable) {
            in.u8(0);
        } else if (state instanceof VmState.Wait w) {
            in.u8(1);
            in.u64(w.targetVmId());
            in.u64(w.exitCodeAddr());
        } else if (state instanceof VmState.WaitForRead r) {
            in.u8(2);
            in.u64(r.fd());
            in.u64(r.length());
            in.u64(r.bufferAddr());
            in.u64(r.lengthAddr());
        } else if (state instanceof VmState.WaitForWrite w) {
            in.u8(3);
            in.u64(w.fd());
            in.u64(w.consumed());
            in.u64(w.length());
            in.u64(w.bufferAddr());
            in.u64(w.lengthAddr());
        } else {
            in.u8(4); // Terminated
        }
    }

    private static final class Input {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void u8(int v) {
            out.write(v & 0xff);
        }

        void u32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xff);
            }
        }

        void u64(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }
}
