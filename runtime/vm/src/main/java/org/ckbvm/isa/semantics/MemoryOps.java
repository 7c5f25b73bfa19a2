package org.ckbvm.isa.semantics;

/**
 * Loads and stores (ckb-vm src/instructions/i.rs, common.rs): the effective address, the bound a
 * load must respect, and how a loaded value is extended. Guest memory itself (pages, W^X, DIRTY)
 * is {@code org.ckbvm.memory.Memory}'s. Which bound applies is a version rule: the decoder picks
 * the {@code *_VERSION0} or {@code *_VERSION1} load opcode ({@link org.ckbvm.isa.VersionRules}).
 */
public final class MemoryOps {
    private MemoryOps() {}

    /** rs1 + imm, wrapping as u64. */
    public static long address(long base, long imm) {
        return base + imm;
    }

    /**
     * The VERSION0 load bound (common.rs check_load_boundary, asm CHECK_READ_VERSION0): a load whose
     * end reaches the memory size exactly also faults; so does one whose end overflows u64.
     */
    public static boolean version0LoadOutOfBound(long address, int width, long memorySize) {
        return Long.compareUnsigned(address, memorySize - width) >= 0;
    }

    /** The VERSION1 bound, the ordinary one (asm CHECK_READ_VERSION1): the end may equal the size. */
    public static boolean loadOutOfBound(long address, int width, long memorySize) {
        return Long.compareUnsigned(address, memorySize - width) > 0;
    }

    public static long lb(long raw) {
        return (byte) raw;
    }

    public static long lh(long raw) {
        return (short) raw;
    }

    public static long lw(long raw) {
        return (int) raw;
    }

    public static long lbu(long raw) {
        return raw & 0xffL;
    }

    public static long lhu(long raw) {
        return raw & 0xffffL;
    }

    public static long lwu(long raw) {
        return raw & 0xffff_ffffL;
    }
}
