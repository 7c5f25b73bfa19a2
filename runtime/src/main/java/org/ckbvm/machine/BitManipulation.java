package org.ckbvm.machine;

import static org.ckbvm.isa.PackedInstruction.imm;
import static org.ckbvm.isa.PackedInstruction.opcode;

import org.ckbvm.isa.Opcodes;

/**
 * The B extension (Zba, Zbb, Zbc, Zbs) for RV64, as ckb-vm src/instructions/execute.rs computes
 * it. Immediate forms take their shift amount or bit index from the immediate.
 */
final class BitManipulation {
    private BitManipulation() {}

    static long execute(long inst, long a, long b) {
        int shamt = imm(inst);
        switch (opcode(inst)) {
            // Zba
            case Opcodes.ADD_UW: return b + zext32(a);
            case Opcodes.SH1ADD: return b + (a << 1);
            case Opcodes.SH2ADD: return b + (a << 2);
            case Opcodes.SH3ADD: return b + (a << 3);
            case Opcodes.SH1ADD_UW: return b + (zext32(a) << 1);
            case Opcodes.SH2ADD_UW: return b + (zext32(a) << 2);
            case Opcodes.SH3ADD_UW: return b + (zext32(a) << 3);
            case Opcodes.SLLI_UW: return zext32(a) << (shamt & 63);
            // Zbb
            case Opcodes.ANDN: return a & ~b;
            case Opcodes.ORN: return a | ~b;
            case Opcodes.XNOR: return a ^ ~b;
            case Opcodes.CLZ: return Long.numberOfLeadingZeros(a);
            case Opcodes.CLZW: return Integer.numberOfLeadingZeros((int) a);
            case Opcodes.CTZ: return Long.numberOfTrailingZeros(a);
            case Opcodes.CTZW: return Integer.numberOfTrailingZeros((int) a);
            case Opcodes.CPOP: return Long.bitCount(a);
            case Opcodes.CPOPW: return Integer.bitCount((int) a);
            case Opcodes.MAX: return Math.max(a, b);
            case Opcodes.MAXU: return Long.compareUnsigned(a, b) >= 0 ? a : b;
            case Opcodes.MIN: return Math.min(a, b);
            case Opcodes.MINU: return Long.compareUnsigned(a, b) <= 0 ? a : b;
            case Opcodes.SEXT_B: return (byte) a;
            case Opcodes.SEXT_H: return (short) a;
            case Opcodes.ZEXT_H: return a & 0xffff;
            case Opcodes.ROL: return Long.rotateLeft(a, (int) b);
            case Opcodes.ROR: return Long.rotateRight(a, (int) b);
            case Opcodes.RORI: return Long.rotateRight(a, shamt);
            case Opcodes.ROLW: return Integer.rotateLeft((int) a, (int) b);
            case Opcodes.RORW: return Integer.rotateRight((int) a, (int) b);
            case Opcodes.RORIW: return Integer.rotateRight((int) a, shamt);
            case Opcodes.ORC_B: return orcb(a);
            case Opcodes.REV8: return Long.reverseBytes(a);
            // Zbc
            case Opcodes.CLMUL: return clmul(a, b);
            case Opcodes.CLMULH: return clmulh(a, b);
            case Opcodes.CLMULR: return clmulr(a, b);
            // Zbs
            case Opcodes.BCLR: return a & ~(1L << b);
            case Opcodes.BCLRI: return a & ~(1L << shamt);
            case Opcodes.BEXT: return (a >>> b) & 1;
            case Opcodes.BEXTI: return (a >>> shamt) & 1;
            case Opcodes.BINV: return a ^ (1L << b);
            case Opcodes.BINVI: return a ^ (1L << shamt);
            case Opcodes.BSET: return a | (1L << b);
            case Opcodes.BSETI: return a | (1L << shamt);
            default: throw new IllegalArgumentException(Opcodes.name(opcode(inst)));
        }
    }

    private static long zext32(long a) {
        return a & 0xffff_ffffL;
    }

    private static long orcb(long a) {
        long result = 0;
        for (int i = 0; i < 64; i += 8) {
            if (((a >>> i) & 0xff) != 0) {
                result |= 0xffL << i;
            }
        }
        return result;
    }

    static long clmul(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a << i;
            }
        }
        return result;
    }

    static long clmulh(long a, long b) {
        long result = 0;
        for (int i = 1; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a >>> (64 - i);
            }
        }
        return result;
    }

    static long clmulr(long a, long b) {
        long result = 0;
        for (int i = 0; i < 64; i++) {
            if (((b >>> i) & 1) != 0) {
                result ^= a >>> (63 - i);
            }
        }
        return result;
    }
}
