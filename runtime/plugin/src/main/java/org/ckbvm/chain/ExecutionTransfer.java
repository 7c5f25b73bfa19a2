package org.ckbvm.chain;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.StoreException;

/**
 * Moving one suspended execution between nodes: its record (which the commitment binds) and its
 * snapshot. An import only restores what the head block already commits to: with the imported
 * record in place of the stored one, every record and account must hash to the head block's
 * root, and the snapshot must carry the record's state root and cycles. So a file with another
 * owner, other sources, another profile or another state cannot be imported, and an import never
 * changes the state: it repairs a lost or corrupt entry (a node syncing from a peer).
 */
public final class ExecutionTransfer {
    private ExecutionTransfer() {}

    /** An execution as exported: the block it was read at, its record and its stored state. */
    public record Exported(long block, byte[] root, TxHash execution, byte[] record, byte[] snapshot) {}

    /** Why an import was refused. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    public static Exported export(CommittedState state, TxHash execution) throws RefusedException {
        SuspensionRecord record = state.record(execution)
                .orElseThrow(() -> new RefusedException("no suspended execution " + execution));
        SuspendedScript suspended = state.suspended(record);
        ChainHead head = state.head();
        return new Exported(head.number(), head.commitmentRoot(), execution, record.encode(), suspended.encoded());
    }

    /**
     * Restores {@code exported} into {@code store} if the head block commits to exactly it.
     *
     * @throws RefusedException naming what differs
     */
    public static void importInto(ChainStore store, Exported exported) throws RefusedException {
        SuspensionRecord record;
        SuspendedScript suspended;
        try {
            record = SuspensionRecord.decode(exported.record());
            suspended = SuspendedScript.decode(record.form(), exported.snapshot());
        } catch (CanonicalReader.MalformedException | SuspendedScript.MalformedException e) {
            throw new RefusedException("the file's record or state is malformed: " + e.getMessage());
        }
        if (!record.execution().equals(exported.execution())) {
            throw new RefusedException("the record is of execution " + record.execution());
        }
        if (!suspended.matches(record)) {
            throw new RefusedException("the state's root or cycles differ from the record's");
        }
        Map<TxHash, byte[]> records = new TreeMap<>();
        Map<Address, byte[]> accounts = new TreeMap<>();
        long head;
        byte[] committedRoot;
        try {
            store.forEach(ChainStore.Family.RECORDS, (k, v) -> {
                try {
                    records.put(TxHash.of(k), SuspensionRecord.decode(v).hash());
                } catch (CanonicalReader.MalformedException e) {
                    records.put(TxHash.of(k), new byte[32]);   // a corrupt entry: the import may replace it
                }
            });
            store.forEach(ChainStore.Family.ACCOUNTS, (k, v) -> {
                try {
                    accounts.put(Address.of(k), Account.decode(v).hash());
                } catch (CanonicalReader.MalformedException e) {
                    accounts.put(Address.of(k), new byte[32]);
                }
            });
            head = store.headNumber();
            committedRoot = head == 0 ? Commitment.empty().root()
                    : store.block(head).orElseThrow(() -> new RefusedException("the head block has no entry"))
                            .commitmentRoot();
        } catch (StoreException e) {
            throw new NodeFault(NodeFault.Kind.STORAGE, e.getMessage(), e);
        }
        records.put(record.execution(), record.hash());
        byte[] root = Commitment.of(records, accounts).root();
        if (!Arrays.equals(root, committedRoot)) {
            throw new RefusedException("block " + head + " does not commit to this record (with it the state hashes to 0x"
                    + HexFormat.of().formatHex(root) + ", the block's root is 0x" + HexFormat.of().formatHex(committedRoot)
                    + "): another owner, sources, profile or state");
        }
        SortedMap<ChainKey, byte[]> values = new TreeMap<>();
        values.put(new ChainKey(ChainStore.Family.RECORDS, record.execution().bytes()), record.encode());
        values.put(new ChainKey(ChainStore.Family.SNAPSHOTS, record.execution().bytes()), exported.snapshot());
        try {
            store.restore(values);
        } catch (StoreException e) {
            throw new NodeFault(NodeFault.Kind.STORAGE, e.getMessage(), e);
        }
    }
}
