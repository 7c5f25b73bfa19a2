package org.ckbvm.syscall;

import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.SourceContext;

/**
 * CKB's data-loading syscalls over the transaction's sources (ckb script/src/syscalls):
 * {@code load_cell_data} (2092) loads a source as data, partially, through the source context so
 * loaded pages stay referencable by Snapshot2; {@code load_cell_data_as_code} (2091) maps a slice
 * as EXECUTABLE|FREEZED pages.
 */
public final class DataLoadSyscalls implements SyscallHandler {
    public static final int LOAD_CELL_DATA_AS_CODE = 2091;
    public static final int LOAD_CELL_DATA = 2092;

    static final int SUCCESS = 0;
    static final int INDEX_OUT_OF_BOUND = 1;
    static final int SLICE_OUT_OF_BOUND = 3;

    private static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A7 = 17;

    private final SourceContext context;

    public DataLoadSyscalls(SourceContext context) {
        this.context = context;
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(A7);
        if (number == LOAD_CELL_DATA) {
            loadCellData(machine);
            return true;
        }
        if (number == LOAD_CELL_DATA_AS_CODE) {
            loadCellDataAsCode(machine);
            return true;
        }
        return false;
    }

    /**
     * a0 = addr, a1 = address of the u64 length, a2 = offset, a3 = index, a4 = source. A length of 0
     * only reports the full length from the offset (no cycles); otherwise {@code *len} receives the
     * full length and up to {@code *len} bytes are written, charging {@code ceil(written / 4)}.
     */
    private void loadCellData(Machine machine) {
        Optional<SourceId> id = SourceSelector.select(context, machine.register(A3), machine.register(A4));
        if (id.isEmpty()) {
            machine.setRegister(A0, INDEX_OUT_OF_BOUND);
            return;
        }
        long addr = machine.register(A0);
        long sizeAddr = machine.register(A1);
        long offset = machine.register(A2);
        Memory memory = machine.memory();
        long size = memory.load64(sizeAddr);
        if (size == 0) {
            DataSlice whole = context.load(id.get(), 0, 0);
            long length = whole.fullLength();
            memory.store64(sizeAddr, Long.compareUnsigned(offset, length) >= 0 ? 0 : length - offset);
            machine.setRegister(A0, SUCCESS);
            return;
        }
        long written = context.storeBytes(machine, addr, id.get(), offset, size, sizeAddr);
        machine.addCycles(CostModel.transferredByteCycles(written));
        machine.setRegister(A0, SUCCESS);
    }

    /**
     * a0 = addr, a1 = memory size, a2 = content offset, a3 = content size, a4 = index, a5 = source.
     * Maps {@code [addr, addr + memory size)} as EXECUTABLE|FREEZED holding the content slice, then
     * charges {@code ceil(memory size / 4)}. Unaligned addr or size, or frozen target pages, are VM
     * errors that fail the script, as in CKB.
     */
    private void loadCellDataAsCode(Machine machine) {
        Optional<SourceId> id = SourceSelector.select(context, machine.register(A4), machine.register(A5));
        if (id.isEmpty()) {
            machine.setRegister(A0, INDEX_OUT_OF_BOUND);
            return;
        }
        long addr = machine.register(A0);
        long memorySize = machine.register(A1);
        long contentOffset = machine.register(A2);
        long contentSize = machine.register(A3);
        byte[] cell = context.load(id.get(), 0, 0).bytes();
        long contentEnd = contentOffset + contentSize;
        if (Long.compareUnsigned(contentEnd, contentOffset) < 0) {
            throw new VmException(new VmError.MemOutOfBound(contentOffset));
        }
        if (contentSize == 0
                || Long.compareUnsigned(contentOffset, cell.length) >= 0
                || Long.compareUnsigned(contentEnd, cell.length) > 0
                || Long.compareUnsigned(contentSize, memorySize) > 0) {
            machine.setRegister(A0, SLICE_OUT_OF_BOUND);
            return;
        }
        machine.memory().initPages(addr, memorySize, Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED,
                cell, (int) contentOffset, (int) contentSize, 0);
        context.trackPages(machine.memory(), addr, contentSize, id.get(), contentOffset);
        machine.addCycles(CostModel.transferredByteCycles(memorySize));
        machine.setRegister(A0, SUCCESS);
    }
}
