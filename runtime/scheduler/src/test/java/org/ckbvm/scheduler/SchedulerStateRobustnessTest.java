package org.ckbvm.scheduler;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whatever a suspended state holds, the scheduler answers with a typed result: random byte
 * mutations of a real state are refused or resume, and states that are consistent but strange
 * (random VM states, guest addresses and lengths, fd owners, exit codes, with a matching bundle
 * root) resume and run to a {@link ScriptResult}, never an exception.
 */
class SchedulerStateRobustnessTest {
    private static SchedulerStates.Stopped stopped;
    private static byte[] bytes;

    @BeforeAll
    static void stop() {
        stopped = SchedulerStates.rich();
        bytes = SchedulerStateCodec.encode(stopped.state());
    }

    /** Decodes, resumes and runs with a budget; only typed outcomes may come out. */
    private static void survive(byte[] input) {
        SchedulerState state;
        try {
            state = SchedulerStateCodec.decode(input);
        } catch (SchedulerStateException e) {
            assertNotNull(e.reason());
            return;
        }
        Scheduler s;
        try {
            s = Scheduler.resume(state, stopped.env());
        } catch (SchedulerStateException e) {
            assertNotNull(e.reason());
            return;
        }
        assertNotNull(s.run(state.totalCycles() + 3_000_000));
    }

    @Test
    void mutatedBytes() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 400; i++) {
            byte[] b = bytes.clone();
            int kind = random.nextInt(3);
            if (kind == 0) {
                for (int k = 1 + random.nextInt(3); k > 0; k--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            } else if (kind == 1) {
                b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
            } else {
                int at = random.nextInt(b.length);
                b[at] = (byte) random.nextInt(256);
            }
            survive(b);
        }
    }

    @Test
    void consistentButStrangeStates() {
        SplittableRandom random = new SplittableRandom(23);
        SchedulerState base = stopped.state();
        int resumed = 0;
        for (int i = 0; i < 300; i++) {
            SchedulerState s = strange(base, random);
            byte[] encoded;
            try {
                encoded = SchedulerStateCodec.encode(s);
            } catch (IllegalArgumentException e) {
                continue; // not a state the codec would ever write
            }
            survive(encoded);
            resumed++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(resumed > 100, "only " + resumed + " strange states were consistent");
    }

    private static SchedulerState strange(SchedulerState base, SplittableRandom random) {
        List<SchedulerState.Vm> vms = new ArrayList<>(base.vms());
        long nextFd = base.nextFdSlot();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
            int v = random.nextInt(vms.size());
            SchedulerState.Vm vm = vms.get(v);
            vms.set(v, new SchedulerState.Vm(vm.id(), randomState(random, vms, nextFd), vm.snapshot()));
        }
        List<SchedulerState.FdOwner> fds = new ArrayList<>();
        for (SchedulerState.FdOwner f : base.fds()) {
            if (random.nextInt(4) != 0) {
                fds.add(random.nextBoolean() ? f
                        : new SchedulerState.FdOwner(f.fd(), vms.get(random.nextInt(vms.size())).id()));
            }
        }
        List<SchedulerState.ExitCode> terminated = new ArrayList<>();
        for (long id = 1; id < base.nextVmId(); id++) {
            long vmId = id;
            if (random.nextInt(4) == 0 && vms.stream().noneMatch(vm -> vm.id() == vmId)) {
                terminated.add(new SchedulerState.ExitCode(id, random.nextInt(256) - 128));
            }
        }
        OptionalLong running = base.runningVm();
        long iteration = base.iterationCycles();
        if (random.nextInt(3) == 0) {
            running = OptionalLong.empty();
            iteration = 0;
        }
        SchedulerState draft = new SchedulerState(base.totalCycles(), iteration, base.nextVmId(), nextFd, vms, fds,
                base.inheritedFds(), terminated, base.instantiatedIds(), running, new byte[32]);
        return new SchedulerState(draft.totalCycles(), draft.iterationCycles(), draft.nextVmId(), draft.nextFdSlot(),
                draft.vms(), draft.fds(), draft.inheritedFds(), draft.terminatedVms(), draft.instantiatedIds(),
                draft.runningVm(), SchedulerStateCodec.bundleRoot(draft));
    }

    private static VmState randomState(SplittableRandom random, List<SchedulerState.Vm> vms, long nextFd) {
        long fd = 2 + random.nextLong(nextFd - 2);
        long address = random.nextBoolean() ? random.nextLong() : (3L << 20) + random.nextInt(1 << 20);
        long length = random.nextBoolean() ? random.nextLong() : random.nextInt(64);
        switch (random.nextInt(4)) {
            case 0:
                return VmState.RUNNABLE;
            case 1:
                return new VmState.Wait(random.nextBoolean() ? vms.get(random.nextInt(vms.size())).id() : random.nextLong(),
                        address);
            case 2:
                return new VmState.WaitForRead(fd & ~1L, length, address, random.nextBoolean() ? address : random.nextLong());
            default:
                long total = random.nextBoolean() ? length : random.nextInt(64);
                long consumed = Long.compareUnsigned(total, 0) == 0 ? 0 : Long.remainderUnsigned(random.nextLong(), total);
                return new VmState.WaitForWrite(fd | 1L, consumed, total, address, random.nextBoolean() ? address : random.nextLong());
        }
    }
}
