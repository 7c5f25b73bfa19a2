package org.ckbvm.scheduler;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny guest programs for syscall tests: RV64 instruction words in a minimal ELF (one R+X PT_LOAD
 * holding the headers and the code at 0x10000), and what CKB charges for running them straight
 * through: the load, 1 per ALU instruction, 2 per ld/sd, 500 per ecall.
 */
final class Guest {
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A7 = 17, SP = 2, T0 = 5, T1 = 6;
    static final int EXIT = 93;
    private static final long BASE = 0x10000;
    private static final int HEADERS = 64 + 56;

    private final List<Integer> words = new ArrayList<>();

    static Guest program() {
        return new Guest();
    }

    Guest addi(int rd, int rs1, int imm) {
        return word(imm << 20 | rs1 << 15 | rd << 7 | 0x13);
    }

    /** rd = value, for any value in [-2^31, 2^31) (lui + addiw when needed). */
    Guest li(int rd, long value) {
        if (value >= -2048 && value < 2048) {
            return addi(rd, 0, (int) value);
        }
        int lo = (int) (value << 52 >> 52);
        int hi = (int) ((value - lo) & 0xfffff000L);
        word(hi | rd << 7 | 0x37);
        return word(lo << 20 | rd << 15 | rd << 7 | 0x1b);
    }

    Guest slli(int rd, int rs1, int shamt) {
        return word(shamt << 20 | rs1 << 15 | 1 << 12 | rd << 7 | 0x13);
    }

    Guest or(int rd, int rs1, int rs2) {
        return word(rs2 << 20 | rs1 << 15 | 6 << 12 | rd << 7 | 0x33);
    }

    Guest srli(int rd, int rs1, int shamt) {
        return word(shamt << 20 | rs1 << 15 | 5 << 12 | rd << 7 | 0x13);
    }

    /** bne rs1, rs2, offset (bytes from this instruction, even, within ±4 KiB). */
    Guest bne(int rs1, int rs2, int offset) {
        int imm = offset;
        return word((imm >> 12 & 1) << 31 | (imm >> 5 & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12
                | (imm >> 1 & 0xf) << 8 | (imm >> 11 & 1) << 7 | 0x63);
    }

    /** rd = value, any 64-bit value (li of each half, the low half zero-extended through t1). */
    Guest li64(int rd, long value) {
        if (value == (int) value) {
            return li(rd, value);
        }
        li(rd, value >> 32).slli(rd, rd, 32);
        li(T1, (int) value).slli(T1, T1, 32).srli(T1, T1, 32);
        return or(rd, rd, T1);
    }

    /** Any instruction word, as it is. */
    Guest raw(int word) {
        return word(word);
    }

    /** Bytes of code so far (the next instruction's offset from the first). */
    int size() {
        return 4 * words.size();
    }

    Guest ld(int rd, int rs1, int imm) {
        return word(imm << 20 | rs1 << 15 | 3 << 12 | rd << 7 | 0x03);
    }

    Guest sd(int rs2, int rs1, int imm) {
        return word((imm >> 5) << 25 | rs2 << 20 | rs1 << 15 | 3 << 12 | (imm & 31) << 7 | 0x23);
    }

    Guest ecall() {
        return word(0x73);
    }

    /** a7 = number; ecall. */
    Guest syscall(int number) {
        return li(A7, number).ecall();
    }

    /** exit with a0 as it is. */
    Guest exit() {
        return syscall(EXIT);
    }

    private Guest word(int w) {
        words.add(w);
        return this;
    }

    byte[] elf() {
        ByteBuffer b = ByteBuffer.allocate(HEADERS + 4 * words.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 243).putInt(1).putLong(BASE + HEADERS).putLong(64).putLong(0);
        b.putInt(0).putShort((short) 64).putShort((short) 56).putShort((short) 1).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        long size = b.capacity();
        b.putInt(1).putInt(5).putLong(0).putLong(BASE).putLong(BASE).putLong(size).putLong(size).putLong(0x1000);
        words.forEach(b::putInt);
        return b.array();
    }

    /**
     * The cycles of running every word once (version 1+ load with no argv: 16 stack bytes); a
     * {@code lui rd; addiw rd, rd, imm} pair is one fused item of 1 cycle (MOP, CUSTOM_LOAD_IMM).
     */
    long cycles() {
        long total = (HEADERS + 4L * words.size() + 16 + 3) / 4;
        for (int i = 0; i < words.size(); i++) {
            int w = words.get(i);
            int opcode = w & 0x7f;
            if (opcode == 0x37 && i + 1 < words.size()) {
                int next = words.get(i + 1);
                int rd = w >> 7 & 31;
                if ((next & 0x707f) == 0x1b && (next >> 7 & 31) == rd && (next >> 15 & 31) == rd) {
                    i++;
                }
            }
            total += w == 0x73 ? 500 : (opcode == 0x03 || opcode == 0x23) ? 2 : 1;
        }
        return total;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }
}
