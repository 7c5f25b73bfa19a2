package org.ckbvm.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.ckbvm.isa.InstructionDecoder;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;

/**
 * Seeded random RISC-V programs for differential testing of the engines: valid encodings of every
 * kind the machine's version and ISA decode (random ALU words over OP, OP-IMM, OP-32, OP-IMM-32,
 * LUI and AUIPC filtered by the decoder, so M and B come out too; RVC words likewise), loads and
 * stores around two data base registers, branches, jumps, calls and returns to instruction
 * boundaries (loops included), the macro-op fusion patterns and near misses, far jumps, atomics
 * when A is on, FENCE/EBREAK, exit syscalls, and a few raw words that may not decode at all.
 * Packed as an ELF: code (R+X) at 0x10000, random data (R+W) at 0x20000.
 */
final class RandomProgram {
    static final long CODE = 0x10000;
    static final long DATA = 0x20000;
    static final int DATA_PAGES = 4;
    private static final int RA = 1, SP = 2, T0 = 5, S0 = 8, S1 = 9, A7 = 17, T6 = 31;

    private final SplittableRandom random;
    private final int version;
    private final int isa;
    /** Emitted items; a branch's target is fixed up once every item's address is known. */
    private final List<Item> items = new ArrayList<>();

    private static final class Item {
        int word;
        int size;
        /** -1, or the index of the item this branch/jump targets. */
        int target = -1;
        /** 0 none, 1 B-type, 2 JAL, 3 c.j, 4 c.beqz/c.bnez, 5 jalr off(rs) after "auipc rs,0" one item back. */
        int fixup;
    }

    private RandomProgram(long seed, int version, int isa) {
        this.random = new SplittableRandom(seed);
        this.version = version;
        this.isa = isa;
    }

    static byte[] elf(long seed, int version, int isa, int length) {
        return new RandomProgram(seed, version, isa).build(length);
    }

    // ---- encoders ----

    private static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return funct7 << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    private static int i(int imm, int rs1, int funct3, int rd, int opcode) {
        return (imm & 0xfff) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    private static int s(int imm, int rs2, int rs1, int funct3) {
        return ((imm >> 5) & 0x7f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12 | (imm & 0x1f) << 7 | 0x23;
    }

    private static int b(int imm, int rs2, int rs1, int funct3) {
        return ((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 | rs2 << 20 | rs1 << 15 | funct3 << 12
                | ((imm >> 1) & 0xf) << 8 | ((imm >> 11) & 1) << 7 | 0x63;
    }

    private static int jal(int rd, int off) {
        return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20
                | ((off >> 12) & 0xff) << 12 | rd << 7 | 0x6f;
    }

    private static int cj(int off) {
        int v = ((off >> 11) & 1) << 12 | ((off >> 4) & 1) << 11 | ((off >> 8) & 3) << 9 | ((off >> 10) & 1) << 8
                | ((off >> 6) & 1) << 7 | ((off >> 7) & 1) << 6 | ((off >> 1) & 7) << 3 | ((off >> 5) & 1) << 2;
        return 0xa001 | v;
    }

    private static int cb(int funct3, int rs1p, int off) {
        int v = ((off >> 8) & 1) << 12 | ((off >> 3) & 3) << 10 | rs1p << 7 | ((off >> 6) & 3) << 5
                | ((off >> 1) & 3) << 3 | ((off >> 5) & 1) << 2;
        return funct3 << 13 | v | 1;
    }

    private static int add(int rd, int a, int b) { return r(0, b, a, 0, rd, 0x33); }
    private static int sub(int rd, int a, int b) { return r(0x20, b, a, 0, rd, 0x33); }
    private static int sltu(int rd, int a, int b) { return r(0, b, a, 3, rd, 0x33); }
    private static int or(int rd, int a, int b) { return r(0, b, a, 6, rd, 0x33); }
    private static int addi(int rd, int a, int imm) { return i(imm, a, 0, rd, 0x13); }

    private boolean decodes(int word) {
        return InstructionDecoder.decode(word, version, isa) != InstructionDecoder.INVALID;
    }

    private long decode(int word) {
        return InstructionDecoder.decode(word, version, isa);
    }

    private void emit(int word) {
        Item it = new Item();
        it.word = word;
        it.size = (word & 3) == 3 ? 4 : 2;
        items.add(it);
    }

    private void emit16(int word) {
        Item it = new Item();
        it.word = word & 0xffff;
        it.size = 2;
        items.add(it);
    }

    /** A destination that keeps the stack and data base registers most of the time. */
    private int dest() {
        if (random.nextInt(100) == 0) {
            return random.nextInt(32);
        }
        while (true) {
            int rd = random.nextInt(32);
            if (rd != SP && rd != S0 && rd != S1 && rd != T6) {
                return rd;
            }
        }
    }

    private int small() {
        return 10 + random.nextInt(6); // a0..a5
    }

    // ---- generators ----

    byte[] build(int length) {
        // prologue: random register values, data bases
        for (int reg = 1; reg < 32; reg++) {
            if (reg == SP) {
                continue;
            }
            if (reg == RA) {
                emit(0x17 | RA << 7); // ra = a code address, so that early returns stay in the code
                continue;
            }
            if (reg == S0 || reg == S1) {
                emit(0x37 | reg << 7 | (int) ((reg == S0 ? DATA : DATA + 0x2000) & 0xfffff000));
                continue;
            }
            switch (random.nextInt(4)) {
                case 0: emit(addi(reg, 0, random.nextInt(4096) - 2048)); break;
                case 1: emit(0x37 | reg << 7 | random.nextInt() & 0xfffff000); emit(addi(reg, reg, random.nextInt(4096) - 2048)); break;
                case 2: emit(0x37 | reg << 7 | random.nextInt() & 0xfffff000); break;
                default: emit(addi(reg, 0, random.nextInt(16))); break;
            }
        }
        int bodyStart = items.size();
        int loopStart = -1;
        int loopEnd = 0;
        while (items.size() - bodyStart < length) {
            if (loopStart < 0 && random.nextInt(40) == 0) {
                // a counted loop around the next items: li t6, n ... addi t6, t6, -1; bnez t6, start
                emit(addi(T6, 0, 1 + random.nextInt(200)));
                loopStart = items.size();
                loopEnd = loopStart + 3 + random.nextInt(30);
            } else if (loopStart >= 0 && items.size() >= loopEnd) {
                emit(addi(T6, T6, -1));
                Item it = new Item();
                it.size = 4;
                it.fixup = 1;
                it.word = 1 << 12 | T6 << 15; // bne t6, x0
                it.target = loopStart;
                items.add(it);
                loopStart = -1;
            }
            int kind = random.nextInt(1000) / 10;
            if (kind < 30) {
                aluWord();
            } else if (kind < 42) {
                rvcAlu();
            } else if (kind < 56) {
                memory();
            } else if (kind < 68) {
                branch(bodyStart);
            } else if (kind < 72) {
                call(bodyStart);
            } else if (kind < 82) {
                fusion();
            } else if (kind < 86) {
                farJump(bodyStart);
            } else if (kind < 88 && IsaFlags.has(isa, IsaFlags.A)) {
                atomic();
            } else if (kind < 90) {
                emit(random.nextBoolean() ? 0x00100073 : (random.nextBoolean() ? 0x0ff0000f : 0x9002)); // ebreak, fence, c.ebreak
            } else if (kind < 91 && random.nextInt(5) == 0) {
                exit();
            } else if (kind < 92 && random.nextInt(3) == 0) {
                emit(random.nextInt()); // anything, valid or not
            } else {
                aluWord();
            }
        }
        exit();
        return link();
    }

    private void aluWord() {
        int[] majors = {0x13, 0x33, 0x1b, 0x3b, 0x37, 0x17, 0x13, 0x33};
        for (int attempt = 0; attempt < 50; attempt++) {
            int major = majors[random.nextInt(majors.length)];
            int word = random.nextInt() & ~0xfff | (dest() << 7) | major;
            if (decodes(word)) {
                emit(word);
                return;
            }
        }
        emit(addi(dest(), random.nextInt(32), random.nextInt(4096) - 2048));
    }

    private void rvcAlu() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int word = random.nextInt(0x10000);
            int quadrant = word & 3;
            int funct3 = word >>> 13;
            boolean alu = (quadrant == 1 && funct3 <= 4) || (quadrant == 2 && (funct3 == 0 || funct3 == 4))
                    || (quadrant == 0 && funct3 == 0);
            if (!alu || !decodes(word)) {
                continue;
            }
            long inst = decode(word);
            int op = PackedInstruction.opcode(inst);
            int rd = PackedInstruction.rd(inst);
            if (Opcodes.isBlockEnd(op) && op != Opcodes.EBREAK) {
                continue; // c.jr / c.jalr: control flow is generated elsewhere
            }
            if ((rd == SP || rd == S0 || rd == S1) && random.nextInt(8) != 0) {
                continue;
            }
            emit16(word);
            return;
        }
        emit16(0x0001); // c.nop
    }

    private void memory() {
        int base = random.nextInt(20) == 0 ? SP : (random.nextBoolean() ? S0 : S1);
        if (random.nextInt(300) == 0) {
            base = random.nextInt(32); // likely out of bounds or into code: faults
        }
        int off = base == SP ? -8 - random.nextInt(64) * 8 : random.nextInt(2048);
        if (random.nextInt(4) == 0) {
            // RVC c.lw/c.ld/c.sw/c.sd with base s0/s1 (x8/x9), rd' in a2..a5
            int funct3 = new int[] {2, 3, 6, 7}[random.nextInt(4)];
            int rs1p = base == S1 ? 1 : 0;
            int rdp = 4 + random.nextInt(4);
            int uimm = random.nextInt(32) << 3;
            int word;
            if (funct3 == 2 || funct3 == 6) {
                uimm &= 0x7c;
                word = funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 2) & 1) << 6
                        | ((uimm >> 6) & 1) << 5 | rdp << 2;
            } else {
                uimm &= 0xf8;
                word = funct3 << 13 | ((uimm >> 3) & 7) << 10 | rs1p << 7 | ((uimm >> 6) & 3) << 5 | rdp << 2;
            }
            emit16(word);
            return;
        }
        if (random.nextBoolean()) {
            int funct3 = new int[] {0, 1, 2, 3, 4, 5, 6}[random.nextInt(7)];
            emit(i(off, base, funct3, dest(), 0x03));
        } else {
            emit(s(off, random.nextInt(32), base, random.nextInt(4)));
        }
    }

    private int targetNear(int bodyStart) {
        int here = items.size();
        int lo = Math.max(bodyStart, here - 24);
        int hi = here + 24;
        // (targets past the last item are clamped to it in link())
        return lo + random.nextInt(hi - lo + 1);
    }

    private void branch(int bodyStart) {
        int target = targetNear(bodyStart);
        int choice = random.nextInt(8);
        Item it = new Item();
        it.target = target;
        if (choice == 0) {
            it.size = 2;
            it.fixup = 3;
        } else if (choice == 1) {
            it.size = 2;
            it.fixup = 4;
            it.word = (random.nextBoolean() ? 6 : 7) << 13 | (random.nextInt(8) << 7); // c.beqz/c.bnez rs1'
        } else if (choice == 2) {
            it.size = 4;
            it.fixup = 2;
            it.word = 0; // jal x0
        } else {
            it.size = 4;
            it.fixup = 1;
            int funct3 = new int[] {0, 1, 4, 5, 6, 7}[random.nextInt(6)];
            it.word = funct3 << 12 | random.nextInt(32) << 15 | random.nextInt(32) << 20;
        }
        items.add(it);
    }

    /** A call (jal ra) to a nearby item, and sometimes a return (jalr x0, 0(ra)) or an indirect jump. */
    private void call(int bodyStart) {
        switch (random.nextInt(4)) {
            case 0: {
                Item it = new Item();
                it.size = 4;
                it.fixup = 2;
                it.word = RA << 7;
                it.target = targetNear(bodyStart);
                items.add(it);
                break;
            }
            case 1:
                emit(i(0, RA, 0, 0, 0x67)); // ret
                break;
            case 2:
                emit16(0x8082); // c.jr ra
                break;
            default: {
                // auipc t0, 0; jalr rd, off(t0) to an item boundary
                emit(0x17 | T0 << 7);
                Item it = new Item();
                it.size = 4;
                it.fixup = 5;
                it.word = i(0, T0, 0, random.nextBoolean() ? RA : 0, 0x67);
                it.target = targetNear(bodyStart);
                items.add(it);
            }
        }
    }

    private void farJump(int bodyStart) {
        // auipc ra, 0; jalr ra, off(ra): FAR_JUMP_REL when fused (V1 needs rd == RA; V2 rs1 == RA too)
        int rs = random.nextInt(3) == 0 ? T0 : RA;
        emit(0x17 | rs << 7);
        Item it = new Item();
        it.size = 4;
        it.fixup = 5;
        it.word = i(0, rs, 0, random.nextInt(4) == 0 ? T0 : RA, 0x67);
        it.target = targetNear(bodyStart);
        items.add(it);
    }

    private void fusion() {
        int a = small(), bReg = small(), c = small(), d = small(), e = small();
        switch (random.nextInt(9)) {
            case 0: // ADC
                emit(add(a, a, bReg)); emit(sltu(bReg, a, bReg)); emit(add(a, a, c)); emit(sltu(c, a, c)); emit(or(bReg, bReg, c));
                break;
            case 1: // SBB (Z may differ from X: the quirk)
                emit(sub(bReg, a, bReg)); emit(sltu(c, a, random.nextBoolean() ? bReg : e)); emit(sub(a, bReg, d));
                emit(sltu(d, bReg, a)); emit(or(bReg, d, c));
                break;
            case 2: // ADD3A/B/C and ADCS
                switch (random.nextInt(4)) {
                    case 0: emit(add(a, bReg, a)); emit(sltu(c, a, bReg)); emit(add(d, c, e)); break;
                    case 1: emit(add(a, bReg, c)); emit(sltu(bReg, a, bReg)); emit(add(d, bReg, e)); break;
                    case 2: emit(add(a, bReg, c)); emit(sltu(d, a, bReg)); emit(add(d, d, e)); break;
                    default: emit(add(a, bReg, c)); emit(sltu(d, a, bReg)); break;
                }
                break;
            case 3: // SBBS
                emit(sub(a, bReg, c)); emit(sltu(d, bReg, c));
                break;
            case 4: { // WIDE_MUL*, WIDE_DIV*
                int kind = random.nextInt(5);
                int[] f3hi = {1, 3, 2, 4, 5};
                int[] f3lo = {0, 0, 0, 6, 7};
                emit(r(1, c, bReg, f3hi[kind], a, 0x33));
                emit(r(1, c, bReg, f3lo[kind], d, 0x33));
                break;
            }
            case 5: // lui + addiw
                emit(0x37 | a << 7 | random.nextInt() & 0xfffff000); emit(i(random.nextInt(4096), a, 0, a, 0x1b));
                break;
            case 6: // auipc + addi
                emit(0x17 | a << 7 | (random.nextInt(4) << 12)); emit(addi(a, a, random.nextInt(4096) - 2048));
                break;
            case 7: // a near miss: operands shuffled
                emit(add(a, bReg, c)); emit(sltu(d, c, a));
                break;
            default: // RVC parts: c.add a,b ; sltu
                emit16(0x9002 | a << 7 | bReg << 2); emit(sltu(c, a, bReg));
                break;
        }
    }

    private void atomic() {
        // addi t0, s0, 8*k; then an LR/SC/AMO on (t0)
        emit(addi(T0, S0, random.nextInt(64) * 8));
        int funct5 = new int[] {0x02, 0x03, 0x01, 0x00, 0x04, 0x0c, 0x08, 0x10, 0x14, 0x18, 0x1c}[random.nextInt(11)];
        int width = random.nextBoolean() ? 2 : 3;
        int rs2 = funct5 == 0x02 ? 0 : small();
        emit(funct5 << 27 | random.nextInt(4) << 25 | rs2 << 20 | T0 << 15 | width << 12 | dest() << 7 | 0x2f);
    }

    /** li a7, 93 (exit with a0) or, rarely, an unknown number (InvalidEcall); ecall. */
    private void exit() {
        emit(addi(A7, 0, random.nextInt(20) == 0 ? 1234 : 93));
        emit(0x73);
    }

    // ---- layout ----

    private byte[] link() {
        long[] address = new long[items.size() + 1];
        long at = CODE;
        for (int k = 0; k < items.size(); k++) {
            address[k] = at;
            at += items.get(k).size;
        }
        address[items.size()] = at;
        ByteBuffer code = ByteBuffer.allocate((int) (at - CODE)).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < items.size(); k++) {
            Item it = items.get(k);
            int word = it.word;
            if (it.fixup != 0) {
                int target = Math.min(it.target, items.size() - 1);
                int off = (int) (address[target] - address[k]);
                switch (it.fixup) {
                    case 1: word = b(off, (word >>> 20) & 31, (word >>> 15) & 31, (word >>> 12) & 7); break;
                    case 2: word = jal((word >>> 7) & 31, off); break;
                    case 3: word = cj(off); break;
                    case 4: word = cb(word >>> 13, (word >>> 7) & 7, off); break;
                    default: {
                        // jalr off(rs) where rs = address of the previous item (an auipc rs, 0)
                        int rel = (int) (address[target] - address[k - 1]);
                        word = (rel & 0xfff) << 20 | (word & 0xfffff);
                        if (rel < -2048 || rel > 2047) {
                            word &= 0xfffff; // out of reach: jump back to the auipc
                        }
                    }
                }
            }
            if (it.size == 4) {
                code.putInt(word);
            } else {
                code.putShort((short) word);
            }
        }
        byte[] data = new byte[DATA_PAGES * 4096];
        for (int k = 0; k < data.length; k++) {
            data[k] = (byte) random.nextInt(256);
        }
        return elf(code.array(), data);
    }

    /** ELF64: header, two program headers (R+X code at CODE, R+W data at DATA), payloads. */
    static byte[] elf(byte[] code, byte[] data) {
        int codeOffset = 0x1000;
        int dataOffset = codeOffset + ((code.length + 0xfff) & ~0xfff);
        ByteBuffer b = ByteBuffer.allocate(dataOffset + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        b.putShort((short) 2).putShort((short) 243).putInt(1).putLong(CODE).putLong(64).putLong(0).putInt(0)
                .putShort((short) 64).putShort((short) 56).putShort((short) 2).putShort((short) 64)
                .putShort((short) 0).putShort((short) 0);
        // code: PT_LOAD, R+X
        b.putInt(1).putInt(5).putLong(codeOffset).putLong(CODE).putLong(CODE).putLong(code.length)
                .putLong(code.length).putLong(0x1000);
        // data: PT_LOAD, R+W
        b.putInt(1).putInt(6).putLong(dataOffset).putLong(DATA).putLong(DATA).putLong(data.length)
                .putLong(data.length).putLong(0x1000);
        b.position(codeOffset);
        b.put(code);
        b.position(dataOffset);
        b.put(data);
        return b.array();
    }

    static int[] versions() {
        return new int[] {MachineVersion.V0, MachineVersion.V1, MachineVersion.V2};
    }
}
