package org.ckbvm.machine;

import java.util.Arrays;

/**
 * The assembly machine's trace cache (ckb-vm src/machine/asm): 8192 slots chosen by
 * {@code (pc >> 2) & 8191}, each a trace of up to 16 decoded items ending at the first block-end
 * opcode, with its summed cycles and its byte length as the reference keeps it (a {@code u8},
 * see {@link #asmLength}). Stored as flat arrays so that a lookup or a
 * refill allocates nothing.
 *
 * <p>Like the reference, versions 0 and 1 match a slot on the low 32 bits of pc only (a jump to
 * pc ≥ 2^32 can run a trace decoded at pc mod 2^32); version 2 matches all 64 bits.
 */
public final class TraceCache {
    static final int SLOTS = 8192;
    static final int MAX_ITEMS = 16;

    final long[] address = new long[SLOTS];
    final int[] count = new int[SLOTS];
    final long[] cycles = new long[SLOTS];
    final int[] length = new int[SLOTS];
    /** RISC-V instructions in the trace, counting each part of a fused group (for speed reports). */
    final int[] instructions = new int[SLOTS];
    /** Items of slot s are {@code items[s * 16 .. s * 16 + count[s])}. */
    final long[] items = new long[SLOTS * MAX_ITEMS];
    /**
     * For the JIT engines only: the interned content of each slot ({@link TraceTable}) and its id,
     * 0 for an empty slot. Compiled code checks {@code ids[slot]} before it runs a trace of its
     * own, so it runs exactly the trace the reference loop would find in the slot.
     */
    final TraceInfo[] info = new TraceInfo[SLOTS];
    final int[] ids = new int[SLOTS];

    /**
     * The byte length the assembly machine keeps for a trace covering {@code bytes} bytes: ckb-vm
     * 0.24 stores it in a {@code u8} ({@code definitions/src/asm.rs} {@code Trace.length};
     * {@code machine/asm/mod.rs}: {@code trace.length = (current_pc - pc) as u8}). Sixteen fused
     * items (an ADC or SBB group is 20 bytes) can cover 256 to 320 bytes, and then it wraps.
     * Entering a trace moves pc by this value ({@code execute_x64.S}: {@code addq %rdx,
     * PC_ADDRESS}), and the trace's last item takes its own address as that pc minus its length;
     * 0 means the machine never runs the trace ({@link org.ckbvm.error.VmError.ZeroLengthTrace}).
     */
    static int asmLength(long bytes) {
        return (int) (bytes & 0xff);
    }

    public static int slot(long pc) {
        return (int) (pc >>> 2) & (SLOTS - 1);
    }

    void clear() {
        Arrays.fill(count, 0);
        Arrays.fill(info, null);
        Arrays.fill(ids, 0);
    }
}
