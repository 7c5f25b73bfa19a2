package org.ckbvm.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Shared assertions for the decoder tests: every field is compared, then the whole packed word. */
final class DecoderAssertions {
    private DecoderAssertions() {}

    static final int V0 = MachineVersion.V0;
    static final int V1 = MachineVersion.V1;
    static final int V2 = MachineVersion.V2;
    static final int[] VERSIONS = {V0, V1, V2};

    static final int IMC = IsaFlags.IMC;
    static final int ALL = IsaFlags.ALL;

    static final long NOP16 = PackedInstruction.i(Opcodes.ADDI, 0, 0, 0, 2);

    static String hex(int bits) {
        return String.format("0x%08x", bits);
    }

    /** Asserts {@code bits} decodes to exactly the given fields (rs3 0) on version/isa. */
    static void assertDecodes(int bits, int version, int isa,
                              int opcode, int rd, int rs1, int rs2, int imm, int length) {
        long inst = InstructionDecoder.decode(bits, version, isa);
        String ctx = hex(bits) + " v" + version + " isa=" + IsaFlags.format(isa);
        assertNotEquals(InstructionDecoder.INVALID, inst, ctx + " decoded as INVALID");
        assertEquals(Opcodes.name(opcode), Opcodes.name(PackedInstruction.opcode(inst)), ctx + " opcode");
        assertEquals(rd, PackedInstruction.rd(inst), ctx + " rd");
        assertEquals(rs1, PackedInstruction.rs1(inst), ctx + " rs1");
        assertEquals(rs2, PackedInstruction.rs2(inst), ctx + " rs2");
        assertEquals(imm, PackedInstruction.imm(inst), ctx + " imm");
        assertEquals(length, PackedInstruction.length(inst), ctx + " length");
        assertEquals(PackedInstruction.pack(opcode, rd, rs1, rs2, 0, length, imm), inst,
                ctx + " packed word (" + PackedInstruction.describe(inst) + ")");
    }

    /** The same expectation on every machine version (for opcodes that are not versioned). */
    static void assertDecodesAll(int bits, int isa, int opcode, int rd, int rs1, int rs2, int imm, int length) {
        for (int v : VERSIONS) {
            assertDecodes(bits, v, isa, opcode, rd, rs1, rs2, imm, length);
        }
    }

    static void assertInvalid(int bits, int version, int isa) {
        long inst = InstructionDecoder.decode(bits, version, isa);
        assertEquals(InstructionDecoder.INVALID, inst, hex(bits) + " v" + version + " isa="
                + IsaFlags.format(isa) + " should be invalid but is "
                + (inst == InstructionDecoder.INVALID ? "" : PackedInstruction.describe(inst)));
    }

    /** Invalid on every version and every ISA combination. */
    static void assertInvalidEverywhere(int bits) {
        for (int v : VERSIONS) {
            for (int isa = 0; isa <= IsaFlags.ALL; isa++) {
                assertInvalid(bits, v, isa);
            }
        }
    }
}
