package org.ckbvm.machine;

import java.util.Arrays;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;

/**
 * One trace's content, interned ({@link TraceTable}): its start address and its (lowered) items.
 * Two traces with equal content are the same object and have the same {@link #id}, so compiled
 * code can check that a trace-cache slot still holds exactly the trace it was compiled from by
 * comparing one int ({@code TraceCache.ids}). Content is immutable; the hit counter and the
 * compiled region are shared by every machine that meets this trace (benign races: a lost
 * increment delays compilation, the region is published through a volatile field).
 */
public final class TraceInfo {
    /** Guest address of the first item. */
    public final long address;
    /** The lowered items (read only: shared by every machine of the process). */
    public final long[] items;
    /** Byte length as the assembly machine keeps it ({@link TraceCache#asmLength}). */
    public final int length;
    public final long cycles;
    /** RISC-V instructions, counting each part of a fused group. */
    public final int instructions;
    final int hash;
    /** Unique in the process; 0 (which marks an empty slot) only past 2^31 traces. */
    public final int id;
    /** Whether a {@link TraceTranslator} may translate every item (no syscall, no atomic). */
    public final boolean compilable;

    /** Entries from the run loop (racy counter). */
    int hits;
    /** 0 idle, 1 in a region or being translated into one, 2 failed: never again. */
    volatile int compileState;
    /** The region entered at this trace (this trace is its head or another of its traces), or null. */
    volatile CompiledRegion region;
    /** Entries of the compiled region from the run loop, for recompilation when its exits turned out hot. */
    int regionEntries;
    int recompiles;

    /** Interned by {@link TraceTable}; public for translator tests that translate one trace. */
    public TraceInfo(long address, long[] items, int length, long cycles, int instructions, int hash, int id) {
        this.id = id;
        this.address = address;
        this.items = items;
        this.length = length;
        this.cycles = cycles;
        this.instructions = instructions;
        this.hash = hash;
        boolean ok = true;
        for (long inst : items) {
            int op = PackedInstruction.opcode(inst);
            if (op == Opcodes.ECALL || (op >= Opcodes.LR_W && op <= Opcodes.AMOMAXU_D)) {
                ok = false;
            }
        }
        this.compilable = ok;
    }

    static int hash(long address, long[] items, int count) {
        long h = address * 0x9E3779B97F4A7C15L;
        for (int i = 0; i < count; i++) {
            h = (h ^ items[i]) * 0xBF58476D1CE4E5B9L;
        }
        return (int) (h ^ (h >>> 32));
    }

    boolean sameContent(long otherAddress, long[] otherItems, int count) {
        return address == otherAddress && items.length == count
                && Arrays.equals(items, 0, count, otherItems, 0, count);
    }

    /**
     * The pc after the trace: its address plus its u8 length ({@link TraceCache#asmLength}), as the
     * assembly machine moves it; 256 bytes short of the address after the last item when the
     * length wrapped.
     */
    public long end() {
        return address + length;
    }

    // ---- translation state, shared by every machine that meets this trace ---------------------

    /** The region entered at this trace, or null. */
    public CompiledRegion region() {
        return region;
    }

    /**
     * Claims this trace for a region being translated (as its head or as another of its traces);
     * false if it was claimed before: it is in a region already, being translated, or failed.
     */
    public boolean claimTranslation() {
        synchronized (this) {
            if (compileState != 0) {
                return false;
            }
            compileState = 1;
            return true;
        }
    }

    /** Publishes the region entered at this trace. */
    public void install(CompiledRegion translated) {
        region = translated;
    }

    /** Gives back a claim whose region was not made: the trace may be claimed again. */
    public void releaseTranslation() {
        synchronized (this) {
            if (region == null && compileState == 1) {
                compileState = 0;
            }
        }
    }

    /** Marks the trace as untranslatable: the run loop will not ask again. */
    public void translationFailed() {
        compileState = 2;
    }

    /**
     * Claims a retranslation of the region {@code current}; false if another thread replaced it
     * meanwhile or the trace was retranslated {@code limit} times already.
     */
    public boolean claimRetranslation(CompiledRegion current, int limit) {
        synchronized (this) {
            if (region != current || current == null || recompiles >= limit) {
                return false;
            }
            recompiles++;
            regionEntries = 0;
            return true;
        }
    }

    @Override
    public String toString() {
        return "trace@0x" + Long.toHexString(address) + "[" + items.length + " items, id " + id + "]";
    }
}
