package org.ckbvm.isa;

import static org.ckbvm.isa.DecoderAssertions.ALL;
import static org.ckbvm.isa.DecoderAssertions.IMC;
import static org.ckbvm.isa.DecoderAssertions.V0;
import static org.ckbvm.isa.DecoderAssertions.V1;
import static org.ckbvm.isa.DecoderAssertions.V2;
import static org.ckbvm.isa.DecoderAssertions.assertDecodes;
import static org.ckbvm.isa.DecoderAssertions.assertDecodesAll;
import static org.ckbvm.isa.DecoderAssertions.assertInvalidEverywhere;
import static org.ckbvm.isa.Opcodes.*;

import org.junit.jupiter.api.Test;

/**
 * RV64I and M decoding. Encodings come from {@code riscv64-unknown-elf-as
 * -march=rv64imac_zicsr_zifencei_zba_zbb_zbc_zbs} (objdump shown in the comments); expected fields
 * are the assembler operands.
 */
class InstructionDecoderTest {

    /** A non-versioned 32-bit instruction: same result on every version, with and without B/A. */
    private static void base(int bits, int opcode, int rd, int rs1, int rs2, int imm) {
        assertDecodesAll(bits, IMC, opcode, rd, rs1, rs2, imm, 4);
        assertDecodesAll(bits, ALL, opcode, rd, rs1, rs2, imm, 4);
    }

    private static void r(int bits, int opcode, int rd, int rs1, int rs2) {
        base(bits, opcode, rd, rs1, rs2, 0);
    }

    private static void i(int bits, int opcode, int rd, int rs1, int imm) {
        base(bits, opcode, rd, rs1, 0, imm);
    }

    private static void s(int bits, int opcode, int rs1, int rs2, int imm) {
        base(bits, opcode, 0, rs1, rs2, imm);
    }

    private static void u(int bits, int opcode, int rd, int imm) {
        base(bits, opcode, rd, 0, 0, imm);
    }

    /** A versioned I-type (loads, JALR): VERSION0 opcode on v0, VERSION1 opcode on v1 and v2. */
    private static void versioned(int bits, int op0, int op1, int rd, int rs1, int imm) {
        for (int isa : new int[] {IMC, ALL}) {
            assertDecodes(bits, V0, isa, op0, rd, rs1, 0, imm, 4);
            assertDecodes(bits, V1, isa, op1, rd, rs1, 0, imm, 4);
            assertDecodes(bits, V2, isa, op1, rd, rs1, 0, imm, 4);
        }
    }

    @Test
    void luiAndAuipcKeepTheShiftedUpperImmediate() {
        u(0xfffff537, LUI, 10, 0xfffff000);      // lui a0,0xfffff
        u(0x12345fb7, LUI, 31, 0x12345000);      // lui t6,0x12345
        u(0x000000b7, LUI, 1, 0);                // lui ra,0x0
        u(0x80000297, AUIPC, 5, 0x80000000);     // auipc t0,0x80000 (negative)
        u(0x00001017, AUIPC, 0, 0x1000);         // auipc zero,0x1
    }

    @Test
    void jalImmediateIsTheSignExtendedByteOffset() {
        u(0x7ffff0ef, JAL, 1, 0xffffe);          // jal ra,.+1048574 (largest)
        u(0x7ff7f0ef, JAL, 1, 0x7fffe);          // jal ra,.+524286
        u(0x0010006f, JAL, 0, 0x800);            // jal zero,.+2048 (imm[11] from bit 20)
        u(0x0000106f, JAL, 0, 0x1000);           // jal zero,.+4096 (imm[12] from bit 12)
        u(0x8000006f, JAL, 0, -0x100000);        // jal zero,.-1048576 (smallest)
        u(0xfffff2ef, JAL, 5, -2);               // jal t0,.-2
    }

    @Test
    void jalrIsVersioned() {
        versioned(0x000500e7, JALR_VERSION0, JALR_VERSION1, 1, 10, 0);        // jalr ra,0(a0)
        versioned(0x800f8067, JALR_VERSION0, JALR_VERSION1, 0, 31, -2048);    // jalr zero,-2048(t6)
        versioned(0x7ff383e7, JALR_VERSION0, JALR_VERSION1, 7, 7, 2047);      // jalr t2,2047(t2)
    }

    @Test
    void jalrWithNonZeroFunct3IsInvalid() {
        for (int f3 = 1; f3 < 8; f3++) {
            assertInvalidEverywhere(0x000500e7 | f3 << 12);
        }
    }

    @Test
    void loadsAreVersioned() {
        versioned(0xfff10503, LB_VERSION0, LB_VERSION1, 10, 2, -1);        // lb a0,-1(sp)
        versioned(0x7ff61583, LH_VERSION0, LH_VERSION1, 11, 12, 2047);     // lh a1,2047(a2)
        versioned(0x8006a603, LW_VERSION0, LW_VERSION1, 12, 13, -2048);    // lw a2,-2048(a3)
        versioned(0x00873683, LD_VERSION0, LD_VERSION1, 13, 14, 8);        // ld a3,8(a4)
        versioned(0x0007c703, LBU_VERSION0, LBU_VERSION1, 14, 15, 0);      // lbu a4,0(a5)
        versioned(0x06485783, LHU_VERSION0, LHU_VERSION1, 15, 16, 100);    // lhu a5,100(a6)
        versioned(0xf9c8e803, LWU_VERSION0, LWU_VERSION1, 16, 17, -100);   // lwu a6,-100(a7)
    }

    @Test
    void loadWithFunct3_111IsInvalid() {
        assertInvalidEverywhere(0x0005f503);     // funct3 111 ("ldu", reserved)
    }

    @Test
    void stores() {
        s(0xfea10fa3, SB, 2, 10, -1);            // sb a0,-1(sp)
        s(0x7fff1fa3, SH, 30, 31, 2047);         // sh t6,2047(t5)
        s(0x80c6a023, SW, 13, 12, -2048);        // sw a2,-2048(a3)
        s(0x00113423, SD, 2, 1, 8);              // sd ra,8(sp)
        for (int f3 = 4; f3 < 8; f3++) {
            assertInvalidEverywhere(0x00010023 | f3 << 12);  // sb zero,0(sp) with funct3 1xx
        }
    }

    @Test
    void branches() {
        s(0x7eb50fe3, BEQ, 10, 11, 4094);        // beq a0,a1,.+4094 (largest)
        s(0x80629063, BNE, 5, 6, -4096);         // bne t0,t1,.-4096 (smallest)
        s(0xfe1fcfe3, BLT, 31, 1, -2);           // blt t6,ra,.-2
        s(0x00005463, BGE, 0, 0, 8);             // bge zero,zero,.+8
        s(0x00056163, BLTU, 10, 0, 2);           // bltu a0,zero,.+2
        s(0xfe947ee3, BGEU, 8, 9, -4);           // bgeu s0,s1,.-4
        assertInvalidEverywhere(0x00002063);     // funct3 010
        assertInvalidEverywhere(0x00003063);     // funct3 011
    }

    @Test
    void immediateAlu() {
        i(0x80050513, ADDI, 10, 10, -2048);      // addi a0,a0,-2048
        i(0x00000013, ADDI, 0, 0, 0);            // addi zero,zero,0 (canonical nop, a real ADDI)
        i(0x7ff62593, SLTI, 11, 12, 2047);       // slti a1,a2,2047
        i(0xfff63593, SLTIU, 11, 12, -1);        // sltiu a1,a2,-1
        i(0xfff74693, XORI, 13, 14, -1);         // xori a3,a4,-1
        i(0x55586793, ORI, 15, 16, 0x555);       // ori a5,a6,1365
        i(0x7ff97893, ANDI, 17, 18, 2047);       // andi a7,s2,2047
    }

    @Test
    void shiftImmediatesHaveSixBitShamtAndExactFunct6() {
        i(0x03f59513, SLLI, 10, 11, 63);         // slli a0,a1,0x3f
        i(0x00059513, SLLI, 10, 11, 0);          // slli a0,a1,0x0
        i(0x02035293, SRLI, 5, 6, 32);           // srli t0,t1,0x20
        i(0x43fa5993, SRAI, 19, 20, 63);         // srai s3,s4,0x3f: imm is the shamt, not 0x43f
        i(0x401a5993, SRAI, 19, 20, 1);          // srai s3,s4,0x1
        // Any other funct6 is invalid (with B these are not B encodings either).
        assertInvalidEverywhere(0x04059513);     // slli with funct6 000001
        assertInvalidEverywhere(0x80059513);     // slli with funct6 100000
        assertInvalidEverywhere(0x0405d513);     // srli with funct6 000001
        assertInvalidEverywhere(0x4405d513);     // srai with funct6 010001
        assertInvalidEverywhere(0xc005d513);     // funct6 110000
    }

    @Test
    void registerAlu() {
        r(0x00c58533, ADD, 10, 11, 12);          // add a0,a1,a2
        r(0x407302b3, SUB, 5, 6, 7);             // sub t0,t1,t2
        r(0x013914b3, SLL, 9, 18, 19);           // sll s1,s2,s3
        r(0x01df2fb3, SLT, 31, 30, 29);          // slt t6,t5,t4
        r(0x00b03533, SLTU, 10, 0, 11);          // sltu a0,zero,a1
        r(0x00d645b3, XOR, 11, 12, 13);          // xor a1,a2,a3
        r(0x00e6d633, SRL, 12, 13, 14);          // srl a2,a3,a4
        r(0x40f756b3, SRA, 13, 14, 15);          // sra a3,a4,a5
        r(0x0107e733, OR, 14, 15, 16);           // or a4,a5,a6
        r(0x011877b3, AND, 15, 16, 17);          // and a5,a6,a7
    }

    @Test
    void registerAluWithUnknownFunct7IsInvalidEvenWithBAndA() {
        assertInvalidEverywhere(0x40001033);     // funct7 0100000 with funct3 001
        assertInvalidEverywhere(0x40002033);     // funct7 0100000 with funct3 010
        assertInvalidEverywhere(0x80000033);     // funct7 1000000
        assertInvalidEverywhere(0x08000033);     // funct7 0000100, funct3 000 (add.uw is OP-32 only)
        assertInvalidEverywhere(0x0804c433);     // zext.h in its RV32 (OP) encoding
    }

    @Test
    void word32Ops() {
        i(0xfff5851b, ADDIW, 10, 11, -1);        // addiw a0,a1,-1
        i(0x7ff5851b, ADDIW, 10, 11, 2047);      // addiw a0,a1,2047
        i(0x01f3129b, SLLIW, 5, 6, 31);          // slliw t0,t1,0x1f
        i(0x0003529b, SRLIW, 5, 6, 0);           // srliw t0,t1,0x0
        i(0x4114d41b, SRAIW, 8, 9, 17);          // sraiw s0,s1,0x11: imm is 17, not 0x411
        r(0x00c5853b, ADDW, 10, 11, 12);         // addw a0,a1,a2
        r(0x40f706bb, SUBW, 13, 14, 15);         // subw a3,a4,a5
        r(0x0088983b, SLLW, 16, 17, 8);          // sllw a6,a7,s0
        r(0x013954bb, SRLW, 9, 18, 19);          // srlw s1,s2,s3
        r(0x416ada3b, SRAW, 20, 21, 22);         // sraw s4,s5,s6
    }

    @Test
    void wordShiftsWithShamtBit5AreInvalid() {
        // i.rs matches funct7 exactly for SLLIW/SRLIW/SRAIW, so imm[5] = 1 is not accepted.
        assertInvalidEverywhere(0x0205951b);     // slliw a0,a1,32
        assertInvalidEverywhere(0x0205d51b);     // srliw a0,a1,32
        assertInvalidEverywhere(0x4205d51b);     // sraiw a0,a1,32
        assertInvalidEverywhere(0x0000251b);     // OP-IMM-32 funct3 010
        assertInvalidEverywhere(0x0000751b);     // OP-IMM-32 funct3 111
        assertInvalidEverywhere(0x0000253b);     // OP-32 funct7 0 funct3 010
    }

    @Test
    void fence() {
        base(0x0ff0000f, FENCE, 0, 0, 0, 0);     // fence iorw,iorw
        base(0x0210000f, FENCE, 0, 0, 0, 0);     // fence r,w
        base(0x8330000f, FENCE, 0, 0, 0, 0);     // fence.tso (fm 1000)
        base(0x0000000f, FENCE, 0, 0, 0, 0);     // fence with empty sets
        base(0x0000100f, FENCEI, 0, 0, 0, 0);    // fence.i
        // FENCE needs rd, funct3 and rs1 zero; FENCE.I must be the exact word.
        assertInvalidEverywhere(0x0ff0008f);     // fence with rd=x1
        assertInvalidEverywhere(0x0ff5000f);     // fence with rs1=a0
        assertInvalidEverywhere(0x0ff0200f);     // MISC-MEM funct3 010
        assertInvalidEverywhere(0x0010100f);     // fence.i with imm 1
        assertInvalidEverywhere(0x0000108f);     // fence.i with rd=x1
        assertInvalidEverywhere(0x0005100f);     // fence.i with rs1=a0
    }

    @Test
    void systemDecodesOnlyTheExactEcallAndEbreakWords() {
        base(0x00000073, ECALL, 0, 0, 0, 0);
        base(0x00100073, EBREAK, 0, 0, 0, 0);
        assertInvalidEverywhere(0x000000f3);     // ecall with rd=x1
        assertInvalidEverywhere(0x00050073);     // ecall with rs1=a0
        assertInvalidEverywhere(0x001000f3);     // ebreak with rd=x1
        assertInvalidEverywhere(0x00200073);     // uret
        assertInvalidEverywhere(0x10200073);     // sret
        assertInvalidEverywhere(0x30200073);     // mret
        assertInvalidEverywhere(0x10500073);     // wfi
        assertInvalidEverywhere(0x34011073);     // csrrw zero,mscratch,sp
        assertInvalidEverywhere(0xc0002573);     // rdcycle a0 (csrrs)
    }

    @Test
    void multiplyDivide() {
        r(0x02c58533, MUL, 10, 11, 12);          // mul a0,a1,a2
        r(0x027312b3, MULH, 5, 6, 7);            // mulh t0,t1,t2
        r(0x0324a433, MULHSU, 8, 9, 18);         // mulhsu s0,s1,s2
        r(0x03df3fb3, MULHU, 31, 30, 29);        // mulhu t6,t5,t4
        r(0x02f746b3, DIV, 13, 14, 15);          // div a3,a4,a5
        r(0x0328d833, DIVU, 16, 17, 18);         // divu a6,a7,s2
        r(0x035a69b3, REM, 19, 20, 21);          // rem s3,s4,s5
        r(0x038bfb33, REMU, 22, 23, 24);         // remu s6,s7,s8
        r(0x02c5853b, MULW, 10, 11, 12);         // mulw a0,a1,a2
        r(0x03eece3b, DIVW, 28, 29, 30);         // divw t3,t4,t5
        r(0x023150bb, DIVUW, 1, 2, 3);           // divuw ra,sp,gp
        r(0x0262e23b, REMW, 4, 5, 6);            // remw tp,t0,t1
        r(0x029473bb, REMUW, 7, 8, 9);           // remuw t2,s0,s1
    }

    @Test
    void multiplyDivideWordHoles() {
        assertInvalidEverywhere(0x0200953b);     // OP-32 funct7 0000001 funct3 001
        assertInvalidEverywhere(0x0200a53b);     // funct3 010
        assertInvalidEverywhere(0x0200b53b);     // funct3 011
    }

    @Test
    void unsupportedMajorOpcodesAreInvalid() {
        assertInvalidEverywhere(0x0005a507);     // flw (LOAD-FP)
        assertInvalidEverywhere(0x00a5a027);     // fsw (STORE-FP)
        assertInvalidEverywhere(0x00b57553);     // fadd.s (OP-FP)
        assertInvalidEverywhere(0x00b5f543);     // fmadd.s
        assertInvalidEverywhere(0x0000000b);     // custom-0
        assertInvalidEverywhere(0x0000005b);     // custom-2
        assertInvalidEverywhere(0x00000057);     // OP-V
        assertInvalidEverywhere(0x0000003f);     // 48-bit prefix
        assertInvalidEverywhere(0x0000007f);     // >= 80-bit prefix
        assertInvalidEverywhere(0xffffffff);
    }

    @Test
    void aThirtyTwoBitWordUsesAllItsBits() {
        // The same low half with a different high half is a different instruction.
        r(0x00c58533, ADD, 10, 11, 12);
        r(0x40c58533, SUB, 10, 11, 12);
        r(0x02c58533, MUL, 10, 11, 12);
    }
}
