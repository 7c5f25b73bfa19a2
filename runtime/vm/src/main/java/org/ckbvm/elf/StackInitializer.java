package org.ckbvm.elf;

import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.memory.Memory;

/**
 * CKB-VM {@code SupportMachine::initialize_stack(args, stack_start, stack_size)} for the 64-bit
 * machine. Let {@code top = stack_start + stack_size}.
 *
 * <p><b>Version 1+ with no arguments</b> (issue #106): nothing is written; SP is
 * {@code (top - 8) & ~15} and the byte count is {@code top - SP} (16 for an aligned top).
 *
 * <p><b>Otherwise</b>, starting from SP = top:
 * <ol>
 *   <li>for each argument in order: SP -= len + 1; its bytes then one NUL are stored at SP;</li>
 *   <li>the values are argc and the argument addresses, plus a trailing 0 on version 1+;</li>
 *   <li>version 1+ only: SP is lowered by {@code (SP - 8n) mod 16} so the final SP is 16-aligned;</li>
 *   <li>the values are pushed in reverse, 8 bytes apart: 64-bit stores on version 1+,
 *       <b>32-bit stores</b> on version 0 (the upper half of each slot is not written);</li>
 *   <li>only then, SP &lt; stack_start is {@code MemOutOfStack}.</li>
 * </ol>
 * Every write is an ordinary W^X-checked store, so arguments too large for the stack first spill
 * below it: they can fail earlier with {@code MemWriteOnExecutablePage} or {@code MemOutOfBound}
 * (SP arithmetic wraps as u64), or succeed and then report {@code MemOutOfStack}.
 */
public final class StackInitializer {
    private StackInitializer() {}

    /** The result of stack initialisation: the new SP and the bytes charged for it ({@code top - SP}). */
    public record Result(long sp, long bytes) {}

    /**
     * @param args argument strings without their NUL terminator
     * @param version machine version, compared as CKB's u32 (0 is version 0, anything else 1+)
     */
    public static Result initialize(Memory memory, List<byte[]> args, long stackStart, long stackSize, int version) {
        return initialize(memory, args, stackStart, stackSize, VersionRules.forLoader(version));
    }

    /** {@link #initialize(Memory, List, long, long, int)} with the layout of the given version's rules. */
    public static Result initialize(Memory memory, List<byte[]> args, long stackStart, long stackSize,
            VersionRules rules) {
        return initialize(memory, args, stackStart, stackSize, rules, sp -> { });
    }

    /**
     * {@link #initialize(Memory, List, long, long, VersionRules)} that also reports every value
     * CKB-VM writes to SP on the way, in order ({@code set_register(SP, ..)}), so that a caller
     * that goes on after a failure (ckb-script version 1's {@code Exec}, which answers
     * WRONG_FORMAT and runs the new program) has SP exactly where CKB-VM left it.
     */
    public static Result initialize(Memory memory, List<byte[]> args, long stackStart, long stackSize,
            VersionRules rules, LongConsumer spWrites) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(args, "args");
        boolean version1 = rules.stackLayout() == VersionRules.StackLayout.ALIGNED_64_BIT;
        long top = stackStart + stackSize;
        if (version1 && args.isEmpty()) {
            long aligned = (top - 8) & ~15L;
            spWrites.accept(aligned);
            return new Result(aligned, top - aligned);
        }
        long sp = top;
        spWrites.accept(sp);
        long[] values = new long[args.size() + (version1 ? 2 : 1)];
        int count = 0;
        values[count++] = args.size();
        for (byte[] arg : args) {
            long address = sp - ((long) arg.length + 1);
            memory.storeBytes(address, arg, 0, arg.length);
            memory.fill(address + arg.length, 1, (byte) 0);
            values[count++] = address;
            sp = address;
            spWrites.accept(sp);
        }
        if (version1) {
            values[count++] = 0;
            long unaligned = sp - 8L * count;
            long aligned = unaligned & ~15L;
            sp -= unaligned - aligned;
            spWrites.accept(sp);
        }
        for (int i = count - 1; i >= 0; i--) {
            long address = sp - 8;
            if (version1) {
                memory.store64(address, values[i]);
            } else {
                memory.store32(address, values[i]);
            }
            sp = address;
            spWrites.accept(sp);
        }
        if (Long.compareUnsigned(sp, stackStart) < 0) {
            throw new VmException(new VmError.MemOutOfStack());
        }
        return new Result(sp, top - sp);
    }

    /** CKB's stack region for a memory of {@code memorySize} bytes: its top quarter. */
    public static long stackStart(long memorySize) {
        return memorySize - stackSize(memorySize);
    }

    /** {@code memory_size / 4} ({@code DefaultMachine::initialize}). */
    public static long stackSize(long memorySize) {
        return memorySize / 4;
    }
}
