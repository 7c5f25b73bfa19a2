package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.A0;
import static org.ckbvm.machine.Asm.A1;
import static org.ckbvm.machine.Asm.T0;
import static org.ckbvm.machine.Asm.T1;
import static org.ckbvm.machine.Asm.T2;
import static org.ckbvm.machine.Asm.ZERO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.ckbvm.isa.IsaFlags;
import org.junit.jupiter.api.Test;

/**
 * {@link Machine#continueAtPcAfterSyscall()} (the run loop's part of version 1's in-place exec):
 * a handler that sets pc and asks for it makes the run go on there instead of after the ECALL,
 * with the cycle-limit check of every syscall, identically under the interpreter and the JIT
 * (threshold 1: the loop body runs compiled, entered again after each syscall), in one run and
 * under random budgets. Syscall 4000 here jumps to a0 when a1 is not 0 (and charges 300).
 */
class SyscallContinuationTest {
    private static final int JUMP = 4000;
    private static final int ROUNDS = 300;

    /** t0 counts to 300, t2 sums it; each round ends with syscall 4000 back to the loop head. */
    private static int[] program() {
        return GuestCode.concat(new int[] {
            Asm.addi(T0, ZERO, 0),
            Asm.addi(T1, ZERO, ROUNDS),
            Asm.addi(T2, ZERO, 0),
            // loop (0x1000c)
            Asm.addi(T0, T0, 1),
            Asm.addi(T2, T2, 0), // a fusion-free filler
            Asm.sltu(A1, T0, T1),
            Asm.auipc(A0, 0),
            Asm.addi(A0, A0, -12),
            Asm.add(T2, T2, T0),
        }, Asm.syscall(JUMP), new int[] {Asm.addi(A0, T2, 0)}, Asm.syscall(Machine.SYS_EXIT));
    }

    private static final SyscallHandler JUMPS = m -> {
        if (m.register(Asm.A7) != JUMP) {
            return false;
        }
        m.addCycles(300);
        if (m.register(A1) != 0) {
            m.setPc(m.register(A0));
            m.continueAtPcAfterSyscall();
        }
        return true;
    };

    private static Machine machine(Engine engine) {
        MachineConfig config = MachineConfig.defaults().withIsa(IsaFlags.IMC);
        Machine m = GuestCode.machine(config, program()).addSyscalls(JUMPS).setEngine(engine);
        if (engine == Engine.JIT) {
            m.setCompileThreshold(1);
        }
        return m;
    }

    private record State(String result, long pc, long cycles, String regs) {}

    private static State state(Machine m, RunResult r) {
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = m.register(i);
        }
        return new State(r.toString(), m.pc(), m.cycles(), Arrays.toString(regs));
    }

    @Test
    void theRunGoesOnWhereTheHandlerSaysOnBothEngines() {
        Machine interp = machine(Engine.INTERP);
        Machine jit = machine(Engine.JIT);
        RunResult r = interp.run();
        // 1 + ... + 300 = 45,150, as an int8 exit code 94: every round jumped back
        assertEquals(94, assertInstanceOf(RunResult.Exited.class, r).exitCode());
        assertEquals(state(interp, r), state(jit, jit.run()));
        assertTrue(jit.compiledRegionEntries() > 0, "the loop never ran compiled");
    }

    @Test
    void underRandomBudgetsTheEnginesStopAlike() {
        Machine probe = machine(Engine.INTERP);
        probe.run();
        long total = probe.cycles();
        SplittableRandom random = new SplittableRandom(0xc0de);
        int jumpStops = 0;
        for (int schedule = 0; schedule < 20; schedule++) {
            List<Long> budgets = new ArrayList<>();
            for (int i = 0; i < 1 + random.nextInt(10); i++) {
                budgets.add(random.nextLong(total + 1));
            }
            budgets.sort(null);
            budgets.add(-1L);
            Machine interp = machine(Engine.INTERP);
            Machine jit = machine(Engine.JIT);
            for (long budget : budgets) {
                interp.setMaxCycles(budget);
                jit.setMaxCycles(budget);
                State a = state(interp, interp.run());
                assertEquals(a, state(jit, jit.run()), "budget " + budget);
                // a stop right after a jump whose charge passed the limit is at the loop head, not
                // after the ECALL
                if (a.result().startsWith("CyclesExceeded") && a.cycles() > budget && interp.register(T0) < ROUNDS) {
                    jumpStops++;
                    assertEquals(GuestCode.CODE + 12, a.pc());
                }
            }
        }
        assertTrue(jumpStops > 0, "no stop fell between a jump's charge and the loop head");
    }
}
