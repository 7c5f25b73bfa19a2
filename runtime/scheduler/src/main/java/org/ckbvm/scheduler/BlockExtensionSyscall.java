package org.ckbvm.scheduler;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;

/**
 * load_block_extension (2104, script version 2; docs/SPAWN.md §4.9, §11) with nothing there: the
 * source is parsed as {@code LoadBlockExtension::ecall} does (a bad entry fails the script), then
 * {@code fetch_extension} finds no extension anywhere. A cell dep that exists answers
 * ITEM_MISSING (in CKB: the block that created it is not among the header deps, there being
 * none); every other source or index is INDEX_OUT_OF_BOUND. Nothing is written or charged.
 */
final class BlockExtensionSyscall implements SyscallHandler {
    static final int LOAD_BLOCK_EXTENSION = 2104;

    private static final int A0 = 10, A3 = 13, A4 = 14, A7 = 17;

    private final int cellDeps;

    BlockExtensionSyscall(int cellDeps) {
        this.cellDeps = cellDeps;
    }

    @Override
    public boolean handle(Machine machine) {
        if (machine.register(A7) != LOAD_BLOCK_EXTENSION) {
            return false;
        }
        long index = machine.register(A3);
        long source = machine.register(A4);
        if (DataPiece.normalizedSource(source) == -1) {
            throw new VmException(new VmError.External(DataPiece.invalidSourceMessage(source)));
        }
        boolean existingCellDep = !DataPiece.isGroup(source) && DataPiece.isCellDep(source)
                && Long.compareUnsigned(index, cellDeps) < 0;
        machine.setRegister(A0, existingCellDep ? ReturnCode.ITEM_MISSING : ReturnCode.INDEX_OUT_OF_BOUND);
        return true;
    }
}
