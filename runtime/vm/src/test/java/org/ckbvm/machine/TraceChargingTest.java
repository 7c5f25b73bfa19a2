package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.*;
import static org.ckbvm.machine.GuestCode.CODE;
import static org.ckbvm.machine.GuestCode.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.ckbvm.error.VmError;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;

/**
 * Cycle charging follows CKB-VM's assembly machine: a whole trace is charged at entry, and a
 * trace that would pass the limit does not start.
 */
class TraceChargingTest {

    private static final MachineConfig CKB_V2 = MachineConfig.defaults();

    /** Trace 1: three addis and a taken branch (1+1+1+3 = 6); trace 2: addi a7 + ecall exit (1+500). */
    private static int[] program() {
        return concat(new int[] {
            addi(A0, ZERO, 7),
            addi(A1, ZERO, 8),
            add(A0, A0, A1),
            beq(ZERO, ZERO, 8),
            addi(A0, ZERO, 99), // skipped
        }, syscall(93));
    }

    @Test
    void wholeProgramCostsTheSumOfItsTraces() {
        Machine m = GuestCode.machine(CKB_V2, program());
        RunResult result = m.run();
        assertEquals(new RunResult.Exited(15), result);
        assertEquals(6 + 501, m.cycles());
    }

    @Test
    void aTraceThatWouldPassTheLimitDoesNotStart() {
        Machine m = GuestCode.machine(CKB_V2, program());
        m.setMaxCycles(5); // the first trace costs 6
        assertInstanceOf(RunResult.CyclesExceeded.class, m.run());
        assertEquals(0, m.cycles());
        assertEquals(CODE, m.pc());
        assertEquals(0, m.register(A0), "nothing of the trace ran");
    }

    @Test
    void reachingTheLimitExactlyIsAllowedAndRaisingItResumes() {
        Machine m = GuestCode.machine(CKB_V2, program());
        m.setMaxCycles(6);
        assertInstanceOf(RunResult.CyclesExceeded.class, m.run());
        assertEquals(6, m.cycles(), "first trace ran in full");
        assertEquals(CODE + 20, m.pc(), "stopped at the start of the second trace");
        assertEquals(15, m.register(A0));
        m.setMaxCycles(506);
        assertInstanceOf(RunResult.CyclesExceeded.class, m.run());
        assertEquals(6, m.cycles());
        m.setMaxCycles(507);
        assertEquals(new RunResult.Exited(15), m.run());
        assertEquals(507, m.cycles());
    }

    @Test
    void syscallsChargeAfterTheFactAndStopPastTheEcall() {
        // debug("abcdefgh") charges ceil(8/4) = 2 after the ecall's trace was charged
        Machine m = GuestCode.machine(CKB_V2, concat(new int[] {
            lui(A0, 0x20000),
        }, syscall(2177), syscall(93)));
        m.memory().storeBytes(0x20000, "abcdefgh\0".getBytes(), 0, 9);
        m.setMaxCycles(1 + 1 + 1 + 500 + 1);
        assertInstanceOf(RunResult.CyclesExceeded.class, m.run());
        assertEquals(505, m.cycles(), "the syscall's cycles stay even past the limit");
        assertEquals(CODE + 16, m.pc(), "pc already moved past the ecall");
    }

    @Test
    void aDecodeErrorInATraceStopsBeforeAnyOfItRuns() {
        Machine m = GuestCode.machine(CKB_V2, addi(A0, ZERO, 1), addi(A1, ZERO, 2), 0 /* invalid */);
        RunResult result = m.run();
        VmError error = assertInstanceOf(RunResult.Failed.class, result).error();
        assertEquals(new VmError.InvalidInstruction(CODE + 8, 0), error);
        assertEquals(0, m.cycles());
        assertEquals(0, m.register(A0));
        assertEquals(CODE, m.pc());
    }

    /**
     * CKB-VM's assembly machine moves pc past a trace when it enters it, and a fault inside does
     * not move it back: v0.24.12 reports pc = the trace's end for a load fault in its third item
     * (and in its first), checked with its runner.
     */
    @Test
    void aRuntimeErrorMidTraceKeepsTheWholeTraceChargedAndLeavesPcPastTheTrace() {
        // ld from past the end of memory: the trace (1 + 2 + 1 + 3 ...) is charged in full
        Machine m = GuestCode.machine(CKB_V2, addi(A0, ZERO, 1), lui(T0, 0x400000), ld(A1, T0, 0),
                addi(A2, ZERO, 1), jal(ZERO, 0));
        RunResult result = m.run();
        assertEquals(new VmError.MemOutOfBound(0x400000), assertInstanceOf(RunResult.Failed.class, result).error());
        assertEquals(1 + 1 + 2 + 1 + 3, m.cycles());
        assertEquals(CODE + 20, m.pc(), "the trace's end, not the faulting ld's CODE + 8");
        assertEquals(1, m.register(A0), "items before the fault ran");
        assertEquals(0, m.register(A2), "items after the fault did not");
    }

    /** An unknown syscall fails with pc past its ECALL, where the trace's entry put it. */
    @Test
    void anInvalidEcallLeavesPcPastTheEcall() {
        Machine m = GuestCode.machine(CKB_V2, addi(A7, ZERO, 94), ecall());
        RunResult result = m.run();
        assertEquals(new VmError.InvalidEcall(94), assertInstanceOf(RunResult.Failed.class, result).error());
        assertEquals(CODE + 8, m.pc());
    }

    @Test
    void cyclesOverflowIsAnError() {
        Machine m = GuestCode.machine(CKB_V2, program());
        m.setCycles(-3L); // u64::MAX - 2
        assertEquals(new RunResult.Failed(new VmError.CyclesOverflow()), m.run());
    }

    @Test
    void cyclesOverflowComesBeforeTheLimitEvenWhenTheCountIsAlreadyPastIt() {
        Machine m = GuestCode.machine(CKB_V2, program());
        m.setCycles(-3L);
        m.setMaxCycles(5);
        assertEquals(new RunResult.Failed(new VmError.CyclesOverflow()), m.run());
    }

    /**
     * A count already past the limit (a lowered limit, or a syscall that charged past it) stops
     * the next trace before it runs: the charge test must not take {@code max - cycles}, which
     * wraps then, as the budget left.
     */
    @Test
    void aCountAlreadyPastTheLimitRunsNothing() {
        Machine m = GuestCode.machine(CKB_V2, program());
        m.setCycles(100);
        m.setMaxCycles(50);
        assertEquals(new RunResult.CyclesExceeded(), m.run());
        assertEquals(100, m.cycles());
        assertEquals(CODE, m.pc());
        assertEquals(0, m.register(A0));
    }

    @Test
    void mopOnVersion0IsAnInvalidVersion() {
        Machine m = GuestCode.machine(CKB_V2.withVersion(MachineVersion.V0), program());
        assertEquals(new RunResult.Failed(new VmError.InvalidVersion()), m.run());
    }

    @Test
    void unitCostModelCountsDecodedInstructions() {
        Machine m = GuestCode.machine(CKB_V2.withCostModel(CostModel.UNIT), program());
        assertEquals(new RunResult.Exited(15), m.run());
        assertEquals(4 + 2, m.cycles());
    }

    /**
     * CKB-VM asm quirk (ckb-vm test asm_trace_bug): versions 0 and 1 match a cached trace on the
     * low 32 bits of pc, so jumping to 2^32 + pc reruns the trace cached for pc; version 2 does not
     * and faults at the out-of-bound address.
     */
    @Test
    void versions0And1AliasTracesOnTheLow32BitsOfPc() {
        int[] code = {
            addi(T0, ZERO, 1),
            slli(T0, T0, 32),
            lui(T1, (int) CODE),
            add(T0, T0, T1),
            jalr(ZERO, T0, 0),
        };
        Machine v1 = GuestCode.machine(new MachineConfig(1, IsaFlags.B | IsaFlags.MOP, CostModel.CKB, Memory.DEFAULT_SIZE), code);
        v1.setMaxCycles(2000);
        assertInstanceOf(RunResult.CyclesExceeded.class, v1.run());
        assertEquals((1L << 32) + CODE, v1.pc());

        Machine v2 = GuestCode.machine(CKB_V2, code);
        v2.setMaxCycles(2000);
        assertEquals(new RunResult.Failed(new VmError.MemOutOfBound((1L << 32) + CODE)), v2.run());
    }

    @Test
    void fetchFromANonExecutablePageIsMemWriteOnExecutablePage() {
        Machine m = GuestCode.machine(CKB_V2, lui(T0, 0x20000), jalr(ZERO, T0, 0));
        RunResult result = m.run();
        assertEquals(new VmError.MemWriteOnExecutablePage(0x20), assertInstanceOf(RunResult.Failed.class, result).error());
    }

    @Test
    void storeIntoCodeIsMemWriteOnExecutablePage() {
        Machine m = GuestCode.machine(CKB_V2, lui(T0, (int) CODE), sb(ZERO, T0, 0), jal(ZERO, 0));
        assertEquals(new VmError.MemWriteOnExecutablePage(CODE >> 12),
                assertInstanceOf(RunResult.Failed.class, m.run()).error());
    }

    @Test
    void unknownEcallIsInvalidEcall() {
        Machine m = GuestCode.machine(CKB_V2, syscall(12345));
        assertEquals(new RunResult.Failed(new VmError.InvalidEcall(12345)), m.run());
    }

    @Test
    void debugWithInvalidUtf8IsExternal() {
        Machine m = GuestCode.machine(CKB_V2, concat(new int[] {lui(A0, 0x20000)}, syscall(2177), syscall(93)));
        m.memory().storeBytes(0x20000, new byte[] {(byte) 0xff, (byte) 0xfe, 0}, 0, 3);
        assertInstanceOf(VmError.External.class, assertInstanceOf(RunResult.Failed.class, m.run()).error());
    }

    @Test
    void vmVersionAndCurrentCyclesExistFromVersion1() {
        Machine v2 = GuestCode.machine(CKB_V2, concat(syscall(2041), syscall(93)));
        assertEquals(new RunResult.Exited(2), v2.run());
        Machine v0 = GuestCode.machine(CKB_V2.withVersion(0).withIsa(IsaFlags.IMC), concat(syscall(2041), syscall(93)));
        assertEquals(new RunResult.Failed(new VmError.InvalidEcall(2041)), v0.run());
        // current_cycles includes the ecall's own trace (charged up front): 1 + 500
        Machine cc = GuestCode.machine(CKB_V2, concat(syscall(2042), syscall(93)));
        assertEquals(new RunResult.Exited((byte) 501), cc.run());
    }
}
