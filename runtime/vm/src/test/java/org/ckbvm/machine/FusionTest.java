package org.ckbvm.machine;

import static org.ckbvm.machine.Asm.*;
import static org.ckbvm.machine.GuestCode.CODE;
import static org.ckbvm.machine.GuestCode.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

/**
 * Macro-op fusion: each rule fuses where CKB-VM fuses (fewer decoded instructions under the unit
 * cost model) and computes what the unfused sequence computes, except for the documented quirks.
 */
class FusionTest {

    private static MachineConfig config(int version, boolean mop) {
        return new MachineConfig(version, IsaFlags.B | (mop ? IsaFlags.MOP : 0), CostModel.UNIT, Memory.DEFAULT_SIZE);
    }

    /** Runs {@code body; exit} with the given registers x1..x15 preset; returns the machine. */
    private static Machine run(int version, boolean mop, long[] preset, int... body) {
        Machine m = GuestCode.machine(config(version, mop), concat(body, syscall(93)));
        for (int r = 1; r < preset.length; r++) {
            m.setRegister(r, preset[r]);
        }
        m.run();
        return m;
    }

    private static long[] randomRegisters(SplittableRandom random) {
        long[] regs = new long[16];
        for (int r = 1; r < regs.length; r++) {
            // mix small, edge and random values so carries and borrows happen
            switch (random.nextInt(4)) {
                case 0: regs[r] = random.nextLong(); break;
                case 1: regs[r] = -1L - random.nextInt(3); break;
                case 2: regs[r] = random.nextInt(3); break;
                default: regs[r] = Long.MIN_VALUE + random.nextInt(3); break;
            }
        }
        return regs;
    }

    static Stream<Arguments> fusedSequences() {
        // name, version, instructions, decoded items when fused (before the exit's 2)
        return Stream.of(
            Arguments.of("ADC", 1, new int[] {add(A0, A0, A1), sltu(A1, A0, A1), add(A0, A0, A2), sltu(A2, A0, A2), or(A1, A1, A2)}, 1),
            Arguments.of("SBB", 1, new int[] {sub(A1, A0, A1), sltu(A3, A0, A1), sub(A0, A1, A2), sltu(A2, A1, A0), or(A1, A2, A3)}, 1),
            Arguments.of("ADD3A", 2, new int[] {add(A0, A1, A0), sltu(A2, A0, A1), add(A3, A2, A4)}, 1),
            Arguments.of("ADD3B", 2, new int[] {add(A0, A1, A2), sltu(A1, A0, A1), add(A3, A1, A4)}, 1),
            Arguments.of("ADD3C", 2, new int[] {add(A0, A1, A2), sltu(A3, A0, A1), add(A3, A3, A4)}, 1),
            Arguments.of("ADCS", 2, new int[] {add(A0, A1, A2), sltu(A3, A0, A1)}, 1),
            Arguments.of("ADCS swapped", 2, new int[] {add(A0, A0, A1), sltu(A3, A0, A1)}, 1),
            Arguments.of("SBBS", 2, new int[] {sub(A0, A1, A2), sltu(A3, A1, A2)}, 1),
            Arguments.of("WIDE_MUL", 1, new int[] {mulh(A0, A1, A2), mul(A3, A1, A2)}, 1),
            Arguments.of("WIDE_MULU", 1, new int[] {mulhu(A0, A1, A2), mul(A3, A1, A2)}, 1),
            Arguments.of("WIDE_DIV", 1, new int[] {div(A0, A1, A2), rem(A3, A1, A2)}, 1),
            Arguments.of("CUSTOM_LOAD_IMM lui+addiw", 1, new int[] {lui(A0, 0x12345000), addiw(A0, A0, -5)}, 1),
            Arguments.of("ADC near miss (c == b)", 1, new int[] {add(A0, A0, A1), sltu(A1, A0, A1), add(A0, A0, A1), sltu(A1, A0, A1), or(A1, A1, A1)}, 5),
            Arguments.of("WIDE near miss (rd == rs1)", 1, new int[] {mulh(A1, A1, A2), mul(A3, A1, A2)}, 2),
            Arguments.of("ADD3 on version 1 does not fuse", 1, new int[] {add(A0, A1, A0), sltu(A2, A0, A1), add(A3, A2, A4)}, 3),
            Arguments.of("ADCS on version 1 does not fuse", 1, new int[] {add(A0, A1, A2), sltu(A3, A0, A1)}, 2)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fusedSequences")
    void fusedAndUnfusedComputeTheSameAndFusionCountsOnce(String name, int version, int[] body, int fusedItems) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int trial = 0; trial < 300; trial++) {
            long[] preset = randomRegisters(random);
            Machine fused = run(version, true, preset, body);
            Machine plain = run(version, false, preset, body);
            for (int r = 1; r < 32; r++) {
                if (r == A7) continue;
                assertEquals(plain.register(r), fused.register(r), name + ": x" + r + " differs, trial " + trial);
            }
            assertEquals(fusedItems + 2, fused.cycles(), name + ": decoded items with MOP");
            assertEquals(body.length + 2, plain.cycles(), name + ": decoded items without MOP");
        }
    }

    /** ckb-vm rule_sbb compares the sltu's rs2 with itself: Z is never checked, and SBB runs as if Z == X. */
    @Test
    void sbbFusesWithAnyZAndComputesAsIfItWereX() {
        int[] withZ = {sub(A1, A0, A1), sltu(A3, A0, A4 /* Z != X */), sub(A0, A1, A2), sltu(A2, A1, A0), or(A1, A2, A3)};
        int[] withX = {sub(A1, A0, A1), sltu(A3, A0, A1), sub(A0, A1, A2), sltu(A2, A1, A0), or(A1, A2, A3)};
        long[] preset = new long[16];
        preset[A0] = 5; preset[A1] = 3; preset[A2] = 1; preset[A4] = 100;
        Machine fusedZ = run(1, true, preset, withZ);
        Machine plainX = run(1, false, preset, withX);
        Machine plainZ = run(1, false, preset, withZ);
        assertEquals(3, fusedZ.cycles(), "fused despite Z != X");
        for (int r = 1; r < 16; r++) {
            assertEquals(plainX.register(r), fusedZ.register(r), "x" + r);
        }
        assertNotEquals(plainZ.register(A1), fusedZ.register(A1), "the quirk is observable");
    }

    /** RFC 0049 / test mop_jump_rel_version1_reg_not_updated_bug: V1 fuses auipc t0 + jalr ra,t0 and leaves t0 stale. */
    @Test
    void farJumpRelOnVersion1LeavesTheIntermediateRegisterStale() {
        int[] body = {auipc(T0, 0), jalr(RA, T0, 12), addi(ZERO, ZERO, 0), addi(S0, ZERO, 1)};
        long[] preset = new long[16];
        Machine v1 = run(1, true, preset, body);
        Machine v2 = run(2, true, preset, body);
        Machine plain = run(1, false, preset, body);
        assertEquals(0, v1.register(T0), "V1 + MOP: the auipc's register is not written");
        assertEquals(CODE, v2.register(T0), "V2 needs rd == RA to fuse, so t0 is written");
        assertEquals(CODE, plain.register(T0));
        assertEquals(CODE + 8, v1.register(RA));
        assertEquals(1, v1.register(S0));
    }

    /** Test mop_jump_abs_version1_reg_not_updated_bug: the same for lui + jalr. */
    @Test
    void farJumpAbsOnVersion1LeavesTheIntermediateRegisterStale() {
        int target = (int) CODE + 12;
        int[] body = {lui(T0, target & 0xfffff000), jalr(RA, T0, target & 0xfff), addi(ZERO, ZERO, 0), addi(S0, ZERO, 1)};
        long[] preset = new long[16];
        Machine v1 = run(1, true, preset, body);
        Machine v2 = run(2, true, preset, body);
        assertEquals(0, v1.register(T0));
        assertEquals(target & 0xfffff000, v2.register(T0));
        assertEquals(1, v1.register(S0));
        assertEquals(1, v2.register(S0));
    }

    /** V2 fuses auipc + addi into CUSTOM_LOAD_IMM, which (unlike AUIPC) does not end a trace. */
    @Test
    void auipcAddiFusesOnVersion2Only() {
        int[] body = {auipc(A0, 0x1000), addi(A0, A0, -4)};
        long[] preset = new long[16];
        Machine v2 = run(2, true, preset, body);
        Machine v1 = run(1, true, preset, body);
        assertEquals(CODE + 0x1000 - 4, v2.register(A0));
        assertEquals(CODE + 0x1000 - 4, v1.register(A0));
        assertEquals(1 + 2, v2.cycles());
        assertEquals(2 + 2, v1.cycles());
    }
}
