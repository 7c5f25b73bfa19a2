package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.*;
import static org.ckbvm.machine.GuestCode.CODE;
import static org.ckbvm.machine.GuestCode.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.junit.jupiter.api.Test;

/**
 * A fusion lookahead sees the raw instruction at each pc, whatever was decoded there before:
 * ckb-vm's decoder caches raw instructions only ({@code decode_raw}), never the fused result of
 * {@code decode_mop}. Found by the differential runs against CKB-VM v0.24.12: a loop whose first
 * entry jumps into the middle of an ADC group cost 2 cycles more per iteration here, because the
 * ADCS fused at that entry was cached and hid the ADD the ADC rule looks for.
 */
class FusionLookaheadTest {

    private static final long LOOP = CODE + 8;

    /** add/sltu/add/sltu/or (ADC of A2, A3, T1) in a loop of 3, first entered at its second instruction. */
    private static int[] loopEnteredMidGroup() {
        return concat(new int[] {
            addi(S1, ZERO, 3),
            jal(ZERO, 8),             // into the group: sltu, then add+sltu (ADCS), or
            add(A2, A2, A3),          // LOOP
            sltu(A3, A2, A3),
            add(A2, A2, T1),
            sltu(T1, A2, T1),
            or(A3, A3, T1),
            addi(S1, S1, -1),
            bne(S1, ZERO, -24),
            addi(A0, ZERO, 0),
        }, syscall(93));
    }

    @Test
    void theLoopFusesItsWholeAdcGroupAfterAnEntryInsideIt() {
        Machine m = GuestCode.machine(MachineConfig.defaults(), loopEnteredMidGroup());
        assertEquals(new RunResult.Exited(0), m.run());
        int slot = TraceCache.slot(LOOP);
        assertEquals(LOOP, m.traces.address[slot]);
        assertEquals(3, m.traces.count[slot], "ADC, addi, bne");
        assertEquals(Opcodes.ADC, PackedInstruction.opcode(m.traces.items[slot * TraceCache.MAX_ITEMS]));
    }
}
