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
 * Fetches and decodes instructions from memory the way CKB-VM's {@code Decoder} does, with its
 * 4096-entry instruction cache (same key function, cleared on reset, empty on a freshly resumed
 * machine). The cache holds raw instructions only: ckb-vm's {@code decode_raw} is the one place
 * that stores into it, and {@code decode_mop} returns a fused instruction without storing it
 * (every 0.24 release). So a fusion lookahead always sees the raw instruction at a pc, even where
 * an earlier trace entered there and fused it with what follows, and the cache changes no
 * outcome: only code memory, which W^X keeps from changing while it is cached, decides a decode.
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

    /** {@code Decoder::decode}: the instruction at pc, fused with what follows when MOP is on. */
    long decode(long pc) {
        long inst = decodeRaw(pc);
        return mop ? MacroOpFusion.fuse(inst, pc, this, version) : inst;
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
