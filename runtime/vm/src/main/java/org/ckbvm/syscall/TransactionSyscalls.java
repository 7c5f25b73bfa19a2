package org.ckbvm.syscall;

import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.memory.Memory;

/**
 * What a contract sees of its transaction, through CKB's syscall numbers: {@code load_tx_hash}
 * (2061) gives the hash of the transaction that started the execution (the same in every
 * segment), {@code load_script} (2052) the script (see {@link ScriptLayout}). Both use CKB's
 * partial loading ({@code utils.rs::store_data}): a0 = addr, a1 = address of the u64 length,
 * a2 = offset; {@code *len} receives the full length from the offset, then up to the old
 * {@code *len} bytes are copied; {@code ceil(copied / 4)} cycles are charged.
 */
public final class TransactionSyscalls implements SyscallHandler {
    public static final int LOAD_SCRIPT = 2052;
    public static final int LOAD_TX_HASH = 2061;

    private static final int A0 = 10, A1 = 11, A2 = 12, A7 = 17;

    private final byte[] txHash;
    private final byte[] script;

    public TransactionSyscalls(byte[] txHash, byte[] script) {
        this.txHash = txHash.clone();
        this.script = script.clone();
    }

    @Override
    public boolean handle(Machine machine) {
        long number = machine.register(A7);
        if (number == LOAD_TX_HASH) {
            storeData(machine, txHash);
            return true;
        }
        if (number == LOAD_SCRIPT) {
            storeData(machine, script);
            return true;
        }
        return false;
    }

    /** CKB {@code store_data}. */
    static void storeData(Machine machine, byte[] data) {
        Memory memory = machine.memory();
        long addr = machine.register(A0);
        long sizeAddr = machine.register(A1);
        long offset = machine.register(A2);
        long start = Long.compareUnsigned(offset, data.length) > 0 ? data.length : offset;
        long size = memory.load64(sizeAddr);
        long full = data.length - start;
        long real = Long.compareUnsigned(size, full) < 0 ? size : full;
        memory.store64(sizeAddr, full);
        memory.storeBytes(addr, data, (int) start, (int) real);
        machine.addCycles(CostModel.transferredByteCycles(real));
        machine.setRegister(A0, 0);
    }
}
