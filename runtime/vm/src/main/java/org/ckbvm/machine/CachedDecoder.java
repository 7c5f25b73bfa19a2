package org.ckbvm.machine;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.InstructionDecoder;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.isa.MacroOpFusion;
import org.ckbvm.isa.RawInstructionSource;
import org.ckbvm.memory.Memory;

/**
 * Fetches and decodes instructions from memory the way CKB-VM's {@code Decoder} does, including
 * its 4096-entry instruction cache. The cache is part of the semantics, not only of speed: a
 * fused instruction stored for a pc is what a later fusion lookahead sees at that pc
 * ({@code decode_raw} returns cached entries as they are), so it is modelled exactly: same key
 * function, same entries, cleared on reset and absent on a freshly resumed machine.
 */
final class CachedDecoder implements RawInstructionSource {
    private static final int CACHE_SIZE = 4096;
    private static final int PAGE_MASK = Memory.PAGE_SIZE - 1;

    private final Memory memory;
    private final VersionRules version;
    private final int isa;
    private final boolean mop;
    private final long[] cachedPc = new long[CACHE_SIZE];
    private final long[] cachedInstruction = new long[CACHE_SIZE];

    CachedDecoder(Memory memory, VersionRules version, int isa) {
        this.memory = memory;
        this.version = version;
        this.isa = isa;
        this.mop = IsaFlags.has(isa, IsaFlags.MOP);
        reset();
    }

    void reset() {
        java.util.Arrays.fill(cachedPc, -1L);
    }

    /** ckb-vm decoder.rs {@code cache_key}: balances a local 8 KiB window and remote code. */
    private static int cacheKey(long pc) {
        long p = pc >>> 1;
        return (int) (((p & 0xff) | (p >>> 12 << 8)) & (CACHE_SIZE - 1));
    }

    /** {@code Decoder::decode}: the (fused, when MOP is on) instruction at pc, stored in the cache. */
    long decode(long pc) {
        long inst = decodeRaw(pc);
        if (mop) {
            inst = MacroOpFusion.fuse(inst, pc, this, version);
        }
        int key = cacheKey(pc);
        cachedPc[key] = pc;
        cachedInstruction[key] = inst;
        return inst;
    }

    /** {@code Decoder::decode_raw}: checks the bound first, then the cache, then fetches. */
    long decodeRaw(long pc) {
        if (Long.compareUnsigned(pc, memory.size()) >= 0) {
            throw new VmException(new VmError.MemOutOfBound(pc));
        }
        int key = cacheKey(pc);
        if (cachedPc[key] == pc) {
            return cachedInstruction[key];
        }
        int bits = fetchBits(pc);
        long inst = InstructionDecoder.decode(bits, version, isa);
        if (inst == InstructionDecoder.INVALID) {
            throw new VmException(new VmError.InvalidInstruction(pc, bits));
        }
        cachedPc[key] = pc;
        cachedInstruction[key] = inst;
        return inst;
    }

    @Override
    public long rawAt(long pc) {
        try {
            return decodeRaw(pc);
        } catch (VmException e) {
            return InstructionDecoder.INVALID;
        }
    }

    /**
     * ckb-vm {@code decode_bits}: away from the last two bytes of a page one 32-bit fetch (kept to
     * 16 bits for RVC); at the page end a 16-bit fetch, and the next page only for a 32-bit
     * instruction, so an RVC instruction may end a page whose successor is not executable.
     */
    private int fetchBits(long pc) {
        if ((pc & PAGE_MASK) < PAGE_MASK - 1) {
            int bits = memory.fetch32(pc);
            return (bits & 3) == 3 ? bits : bits & 0xffff;
        }
        int bits = memory.fetch16(pc);
        if ((bits & 3) == 3) {
            bits |= memory.fetch16(pc + 2) << 16;
        }
        return bits;
    }
}
