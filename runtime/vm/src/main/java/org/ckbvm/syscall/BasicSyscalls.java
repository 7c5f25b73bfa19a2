package org.ckbvm.syscall;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;

/**
 * The syscalls every CKB script has besides exit (ckb script/src/syscalls): debug (2177) on all
 * versions, vm_version (2041) and current_cycles (2042) from version 1 on.
 */
public final class BasicSyscalls implements SyscallHandler {
    public static final int VM_VERSION = 2041;
    public static final int CURRENT_CYCLES = 2042;
    public static final int DEBUG = 2177;

    private static final int A0 = 10;
    private static final int A7 = 17;

    private final Consumer<String> debugSink;
    private final LongSupplier baseCycles;

    /**
     * @param debugSink  receives each debug message (the CLI prints them to stderr)
     * @param baseCycles cycles spent before this machine started, added by current_cycles (CKB's
     *                   scheduler total; 0 for a single machine)
     */
    public BasicSyscalls(Consumer<String> debugSink, long baseCycles) {
        this(debugSink, () -> baseCycles);
    }

    /**
     * @param debugSink  receives each debug message
     * @param baseCycles read at each current_cycles: the cycles of the whole script outside this
     *                   machine's counter (ckb-script's scheduler {@code total_cycles}, which
     *                   {@code CurrentCycles::ecall} adds to the machine's cycles)
     */
    public BasicSyscalls(Consumer<String> debugSink, LongSupplier baseCycles) {
        this.debugSink = debugSink;
        this.baseCycles = baseCycles;
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(A7);
        boolean v1 = machine.config().rules().offersVersionSyscalls();
        if (number == DEBUG) {
            debug(machine);
            return true;
        }
        if (number == VM_VERSION && v1) {
            machine.setRegister(A0, machine.config().version());
            return true;
        }
        if (number == CURRENT_CYCLES && v1) {
            long cycles = baseCycles.getAsLong() + machine.cycles();
            if (Long.compareUnsigned(cycles, machine.cycles()) < 0) {
                throw new VmException(new VmError.CyclesOverflow());
            }
            machine.setRegister(A0, cycles);
            return true;
        }
        return false;
    }

    /**
     * Reads a NUL-terminated string at a0 byte by byte, charges {@code ceil(len/4)}, then rejects
     * invalid UTF-8 as a VM error (External), which fails the script as in CKB.
     */
    private void debug(Machine machine) {
        long addr = machine.register(A0);
        long start = addr;
        while (machine.memory().load8(addr) != 0) {
            addr++;
        }
        int length = (int) (addr - start);
        byte[] bytes = length == 0 ? new byte[0] : machine.memory().loadBytes(start, length);
        machine.addCycles(CostModel.transferredByteCycles(length));
        try {
            String message = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            debugSink.accept(message);
        } catch (CharacterCodingException e) {
            throw new VmException(new VmError.External("debug message is not valid UTF-8"));
        }
    }
}
