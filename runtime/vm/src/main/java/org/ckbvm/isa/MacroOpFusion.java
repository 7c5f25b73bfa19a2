package org.ckbvm.isa;

import static org.ckbvm.isa.PackedInstruction.length;
import static org.ckbvm.isa.PackedInstruction.opcode;
import static org.ckbvm.isa.PackedInstruction.pack;
import static org.ckbvm.isa.PackedInstruction.rd;
import static org.ckbvm.isa.PackedInstruction.rs1;
import static org.ckbvm.isa.PackedInstruction.rs2;

/**
 * CKB-VM's macro-op fusion ({@code Decoder::decode_mop}; RFC 0033 for version 1, RFC 0049 for
 * version 2). Fusion changes cycle counts, so every rule, its priority and its quirks are
 * consensus:
 * <ul>
 *   <li>ADD head: ADC, then (V2) ADD3A, ADD3B, ADD3C, then (V2) ADCS.</li>
 *   <li>SUB head: SBB, then (V2) SBBS. SBB never checks the sltu's rs2 (ckb-vm compares it
 *       with itself) yet executes as if it were X.</li>
 *   <li>LUI/AUIPC + JALR: far jumps. V1 fuses whenever jalr.rs1 == rd and jalr.rd == RA, adding
 *       immediates with wrapping i32 arithmetic and leaving the intermediate register stale;
 *       V2 also needs rd == RA, and FAR_JUMP_REL adds with overflow check.</li>
 *   <li>LUI + ADDIW (V1+) and (V2) AUIPC + ADDI: CUSTOM_LOAD_IMM.</li>
 *   <li>MULH/MULHU/MULHSU + MUL, DIV + REM, DIVU + REMU: the WIDE_* ops.</li>
 * </ul>
 * The fused instruction's length is the sum of its parts.
 */
public final class MacroOpFusion {
    private MacroOpFusion() {}

    private static final int ZERO = 0;
    private static final int RA = 1;
    private static final long NONE = InstructionDecoder.INVALID;

    /**
     * Fuses the group starting with {@code head} at {@code pc}, or returns {@code head} unchanged.
     */
    public static long fuse(long head, long pc, RawInstructionSource src, int version) {
        return fuse(head, pc, src, VersionRules.of(version));
    }

    /** {@link #fuse(long, long, RawInstructionSource, int)} with the version's rules already looked up. */
    public static long fuse(long head, long pc, RawInstructionSource src, VersionRules version) {
        long fused;
        switch (opcode(head)) {
            case Opcodes.ADD:
                fused = adc(head, pc, src);
                if (fused == NONE && version.fusesVersion2Groups()) {
                    fused = add3(head, pc, src);
                    if (fused == NONE) {
                        fused = adcs(head, pc, src);
                    }
                }
                break;
            case Opcodes.SUB:
                fused = sbb(head, pc, src);
                if (fused == NONE && version.fusesVersion2Groups()) {
                    fused = sbbs(head, pc, src);
                }
                break;
            case Opcodes.LUI:
                fused = afterLui(head, pc, src, version);
                break;
            case Opcodes.AUIPC:
                fused = afterAuipc(head, pc, src, version);
                break;
            case Opcodes.MULH:
                fused = wide(head, pc, src, Opcodes.MUL, Opcodes.WIDE_MUL);
                break;
            case Opcodes.MULHU:
                fused = wide(head, pc, src, Opcodes.MUL, Opcodes.WIDE_MULU);
                break;
            case Opcodes.MULHSU:
                fused = wide(head, pc, src, Opcodes.MUL, Opcodes.WIDE_MULSU);
                break;
            case Opcodes.DIV:
                fused = wide(head, pc, src, Opcodes.REM, Opcodes.WIDE_DIV);
                break;
            case Opcodes.DIVU:
                fused = wide(head, pc, src, Opcodes.REMU, Opcodes.WIDE_DIVU);
                break;
            default:
                fused = NONE;
        }
        return fused == NONE ? head : fused;
    }

    /** The instruction after {@code prev} at {@code prevPc}, if it has the wanted opcode. */
    private static long next(RawInstructionSource src, long prevPc, long prev, int wantedOpcode) {
        long inst = src.rawAt(prevPc + length(prev));
        return inst != NONE && opcode(inst) == wantedOpcode ? inst : NONE;
    }

    private static long fused(int opcode, int rd, int rs1, int rs2, int rs3, int imm, int length) {
        return pack(opcode, rd, rs1, rs2, rs3, length, imm);
    }

    // add a,a,b; sltu b,a,b; add a,a,c; sltu c,a,c; or b,b,c  (a≠b, c∉{a,b}, a,b,c≠x0)
    private static long adc(long i0, long pc, RawInstructionSource src) {
        int a = rd(i0);
        int b = rs2(i0);
        if (rs1(i0) != a || a == b || a == ZERO || b == ZERO) return NONE;
        long pc1 = pc;
        long i1 = next(src, pc1, i0, Opcodes.SLTU);
        if (i1 == NONE || rd(i1) != b || rs1(i1) != a || rs2(i1) != b) return NONE;
        long pc2 = pc1 + length(i0);
        long i2 = next(src, pc2, i1, Opcodes.ADD);
        if (i2 == NONE) return NONE;
        int c = rs2(i2);
        if (rd(i2) != a || rs1(i2) != a || c == a || c == b || c == ZERO) return NONE;
        long pc3 = pc2 + length(i1);
        long i3 = next(src, pc3, i2, Opcodes.SLTU);
        if (i3 == NONE || rd(i3) != c || rs1(i3) != a || rs2(i3) != c) return NONE;
        long pc4 = pc3 + length(i2);
        long i4 = next(src, pc4, i3, Opcodes.OR);
        if (i4 == NONE || rd(i4) != b || rs1(i4) != b || rs2(i4) != c) return NONE;
        int len = length(i0) + length(i1) + length(i2) + length(i3) + length(i4);
        return fused(Opcodes.ADC, a, b, c, 0, 0, len);
    }

    // sub X,A,X; sltu C,A,Z; sub A,X,Y; sltu Y,X,A; or X,Y,C  (Z unchecked: ckb-vm quirk)
    private static long sbb(long i0, long pc, RawInstructionSource src) {
        int a = rs1(i0);
        int x = rd(i0);
        if (rs2(i0) != x || a == x) return NONE;
        long i1 = next(src, pc, i0, Opcodes.SLTU);
        if (i1 == NONE) return NONE;
        int c = rd(i1);
        if (c == a || c == x || rs1(i1) != a) return NONE;
        long pc2 = pc + length(i0);
        long i2 = next(src, pc2, i1, Opcodes.SUB);
        if (i2 == NONE) return NONE;
        int y = rs2(i2);
        if (rd(i2) != a || rs1(i2) != x || y == a || y == x || y == c) return NONE;
        long pc3 = pc2 + length(i1);
        long i3 = next(src, pc3, i2, Opcodes.SLTU);
        if (i3 == NONE || rd(i3) != y || rs1(i3) != x || rs2(i3) != a) return NONE;
        long pc4 = pc3 + length(i2);
        long i4 = next(src, pc4, i3, Opcodes.OR);
        if (i4 == NONE || rd(i4) != x || rs1(i4) != y || rs2(i4) != c) return NONE;
        if (a == ZERO || x == ZERO || y == ZERO || c == ZERO) return NONE;
        int len = length(i0) + length(i1) + length(i2) + length(i3) + length(i4);
        return fused(Opcodes.SBB, a, x, y, c, 0, len);
    }

    /**
     * ADD3A, ADD3B, ADD3C in that order (V2). Each rule checks an instruction before it fetches
     * the next, as ckb-vm does, so lookahead touches the decoder cache exactly as there. The fifth
     * register r4 travels in the immediate field.
     */
    private static long add3(long i0, long pc, RawInstructionSource src) {
        int r0 = rd(i0);
        int r1 = rs1(i0);
        int r2 = rs2(i0);
        long pc1 = pc + length(i0);
        // ADD3A: add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4  (r0≠r1, r0≠r4, r2≠r4, r0≠x0, r2≠x0)
        if (r2 == r0 && r0 != r1 && r0 != ZERO) {
            long i1 = next(src, pc, i0, Opcodes.SLTU);
            int s = i1 == NONE ? ZERO : rd(i1);
            if (i1 != NONE && rs1(i1) == r0 && rs2(i1) == r1 && s != ZERO) {
                long i2 = next(src, pc1, i1, Opcodes.ADD);
                if (i2 != NONE && rs1(i2) == s && r0 != rs2(i2) && s != rs2(i2)) {
                    return fused(Opcodes.ADD3A, r0, r1, s, rd(i2), rs2(i2), groupLength(i0, i1, i2));
                }
            }
        }
        // ADD3B: add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4  (r0≠r1, r0≠r4, r1≠r4, r0≠x0, r1≠x0)
        if (r0 != r1 && r0 != ZERO && r1 != ZERO) {
            long i1 = next(src, pc, i0, Opcodes.SLTU);
            if (i1 != NONE && rd(i1) == r1 && rs1(i1) == r0 && rs2(i1) == r1) {
                long i2 = next(src, pc1, i1, Opcodes.ADD);
                if (i2 != NONE && rs1(i2) == r1 && r0 != rs2(i2) && r1 != rs2(i2)) {
                    return fused(Opcodes.ADD3B, r0, r1, r2, rd(i2), rs2(i2), groupLength(i0, i1, i2));
                }
            }
        }
        // ADD3C: add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4  (r0≠r1, r0≠r4, r3≠r4, r0≠x0, r3≠x0)
        if (r0 != r1 && r0 != ZERO) {
            long i1 = next(src, pc, i0, Opcodes.SLTU);
            int t = i1 == NONE ? ZERO : rd(i1);
            if (i1 != NONE && rs1(i1) == r0 && rs2(i1) == r1 && t != ZERO) {
                long i2 = next(src, pc1, i1, Opcodes.ADD);
                if (i2 != NONE && rd(i2) == t && rs1(i2) == t && r0 != rs2(i2) && t != rs2(i2)) {
                    return fused(Opcodes.ADD3C, r0, r1, r2, t, rs2(i2), groupLength(i0, i1, i2));
                }
            }
        }
        return NONE;
    }

    private static int groupLength(long i0, long i1, long i2) {
        return length(i0) + length(i1) + length(i2);
    }

    // add r0,r1,r2; sltu r3,r0,r1 (r0≠r1, r0≠x0); add r0,r0,r1 is first swapped to add r0,r1,r0
    private static long adcs(long i0, long pc, RawInstructionSource src) {
        int r0 = rd(i0);
        int r1 = rs1(i0);
        int r2 = rs2(i0);
        if (r0 == r1 && r0 != r2) {
            int t = r1;
            r1 = r2;
            r2 = t;
        }
        if (r0 == r1 || r0 == ZERO) return NONE;
        long i1 = next(src, pc, i0, Opcodes.SLTU);
        if (i1 == NONE || rs1(i1) != r0 || rs2(i1) != r1) return NONE;
        return fused(Opcodes.ADCS, r0, r1, r2, rd(i1), 0, length(i0) + length(i1));
    }

    // sub r0,r1,r2; sltu r3,r1,r2 (r0≠r1, r0≠r2)
    private static long sbbs(long i0, long pc, RawInstructionSource src) {
        int r0 = rd(i0);
        int r1 = rs1(i0);
        int r2 = rs2(i0);
        if (r0 == r1 || r0 == r2) return NONE;
        long i1 = next(src, pc, i0, Opcodes.SLTU);
        if (i1 == NONE || rs1(i1) != r1 || rs2(i1) != r2) return NONE;
        return fused(Opcodes.SBBS, r0, r1, r2, rd(i1), 0, length(i0) + length(i1));
    }

    private static long afterLui(long i0, long pc, RawInstructionSource src, VersionRules version) {
        long i1 = src.rawAt(pc + length(i0));
        if (i1 == NONE) return NONE;
        int r0 = rd(i0);
        int len = length(i0) + length(i1);
        int imm = PackedInstruction.imm(i0) + PackedInstruction.imm(i1); // wrapping, as ckb-vm
        switch (opcode(i1)) {
            case Opcodes.JALR_VERSION1:
                if (rs1(i1) == r0 && rd(i1) == RA && (!version.farJumpsNeedRaTemporary() || r0 == RA)) {
                    return fused(Opcodes.FAR_JUMP_ABS, RA, 0, 0, 0, imm, len);
                }
                return NONE;
            case Opcodes.ADDIW:
                if (rd(i1) == r0 && rs1(i1) == r0) {
                    return fused(Opcodes.CUSTOM_LOAD_IMM, r0, 0, 0, 0, imm, len);
                }
                return NONE;
            default:
                return NONE;
        }
    }

    private static long afterAuipc(long i0, long pc, RawInstructionSource src, VersionRules version) {
        long i1 = src.rawAt(pc + length(i0));
        if (i1 == NONE) return NONE;
        int r0 = rd(i0);
        int len = length(i0) + length(i1);
        int upper = PackedInstruction.imm(i0);
        int lower = PackedInstruction.imm(i1);
        switch (opcode(i1)) {
            case Opcodes.JALR_VERSION1:
                if (rs1(i1) != r0 || rd(i1) != RA) return NONE;
                if (!version.farJumpsNeedRaTemporary()) {
                    return fused(Opcodes.FAR_JUMP_REL, RA, 0, 0, 0, upper + lower, len);
                }
                if (r0 != RA) return NONE;
                long sum = (long) upper + lower;
                if (sum != (int) sum) return NONE; // V2: checked i32 add
                return fused(Opcodes.FAR_JUMP_REL, RA, 0, 0, 0, (int) sum, len);
            case Opcodes.ADDI:
                if (!version.fusesVersion2Groups() || rd(i1) != r0 || rs1(i1) != r0) return NONE;
                if (pc < 0 || pc > Integer.MAX_VALUE) return NONE; // pc must fit in i32
                long value = (long) upper + lower;
                if (value != (int) value) return NONE;
                value += pc;
                if (value != (int) value) return NONE;
                return fused(Opcodes.CUSTOM_LOAD_IMM, r0, 0, 0, 0, (int) value, len);
            default:
                return NONE;
        }
    }

    // mulh/mulhu/mulhsu/div/divu rd,a,b; mul/rem/remu rd2,a,b  (rd∉{a,b}, rd≠rd2)
    private static long wide(long i0, long pc, RawInstructionSource src, int tailOpcode, int fusedOpcode) {
        int r0 = rd(i0);
        int r1 = rs1(i0);
        int r2 = rs2(i0);
        if (r0 == r1 || r0 == r2) return NONE;
        long i1 = next(src, pc, i0, tailOpcode);
        if (i1 == NONE || rs1(i1) != r1 || rs2(i1) != r2 || rd(i1) == r0) return NONE;
        return fused(fusedOpcode, r0, r1, r2, rd(i1), 0, length(i0) + length(i1));
    }
}
