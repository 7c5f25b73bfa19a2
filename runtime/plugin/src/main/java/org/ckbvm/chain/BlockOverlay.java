package org.ckbvm.chain;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;

/**
 * The changes of the open block over the committed state: what its transactions wrote, read
 * back by later ones. Transactions of independent groups touch disjoint keys (see
 * {@link BlockSchedule}), so concurrent groups never see each other's writes; the maps are
 * concurrent only so that they can be filled from several threads.
 */
final class BlockOverlay {
    /** A suspended execution written in this block: its record and its state. */
    record Written(SuspensionRecord record, SuspendedScript script) {}

    private final CommittedState base;
    private final ConcurrentHashMap<TxHash, Optional<Written>> executions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Address, Account> accounts = new ConcurrentHashMap<>();

    BlockOverlay(CommittedState base) {
        this.base = base;
    }

    Optional<SuspensionRecord> record(TxHash execution) {
        Optional<Written> w = executions.get(execution);
        return w != null ? w.map(Written::record) : base.record(execution);
    }

    SuspendedScript suspended(SuspensionRecord record) {
        Optional<Written> w = executions.get(record.execution());
        return w != null && w.isPresent() ? w.get().script() : base.suspended(record);
    }

    Account account(Address address) {
        Account a = accounts.get(address);
        return a != null ? a : base.account(address);
    }

    void putAccount(Address address, Account account) {
        accounts.put(address, account);
    }

    void putExecution(SuspensionRecord record, SuspendedScript script) {
        executions.put(record.execution(), Optional.of(new Written(record, script)));
    }

    void removeExecution(TxHash execution) {
        executions.put(execution, Optional.empty());
    }

    /** Every change as the store writes it, in canonical key order. */
    SortedMap<ChainKey, Optional<byte[]>> changes() {
        SortedMap<ChainKey, Optional<byte[]>> out = new TreeMap<>();
        executions.forEach((k, w) -> {
            out.put(new ChainKey(ChainStore.Family.RECORDS, k.bytes()), w.map(x -> x.record().encode()));
            out.put(new ChainKey(ChainStore.Family.SNAPSHOTS, k.bytes()), w.map(x -> x.script().encoded()));
        });
        accounts.forEach((k, a) -> out.put(new ChainKey(ChainStore.Family.ACCOUNTS, k.bytes()), Optional.of(a.encode())));
        return out;
    }

    /** The commitment after this block. */
    Commitment commitment() {
        Map<TxHash, Optional<byte[]>> records = new TreeMap<>();
        executions.forEach((k, w) -> records.put(k, w.map(x -> x.record().hash())));
        Map<Address, Optional<byte[]>> accountLeaves = new TreeMap<>();
        accounts.forEach((k, a) -> accountLeaves.put(k, Optional.of(a.hash())));
        return base.commitment().with(records, accountLeaves);
    }
}
