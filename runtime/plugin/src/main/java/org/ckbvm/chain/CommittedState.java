package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;

/**
 * The state of the last committed block: reads from the {@link ChainStore}, decoded and
 * verified, and the {@link Commitment} over it, kept in memory. Opening checks that the stored
 * values hash to the head block's recorded root, so a corrupt or tampered store is refused
 * before anything runs. Every storage problem is a {@link NodeFault}.
 */
public final class CommittedState {
    private final ChainStore store;
    private volatile Commitment commitment;
    private volatile ChainHead head;

    private CommittedState(ChainStore store) {
        this.store = store;
    }

    /** Loads the commitment and checks it against the head block. */
    public static CommittedState open(ChainStore store) {
        CommittedState state = new CommittedState(store);
        state.reload();
        return state;
    }

    /** Rebuilds the in-memory commitment from the store (after opening or a rewind). */
    void reload() {
        Map<TxHash, byte[]> records = new TreeMap<>();
        Map<Address, byte[]> accounts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        long number = call(() -> {
            store.forEach(ChainStore.Family.RECORDS, (k, v) -> {
                try {
                    SuspensionRecord r = SuspensionRecord.decode(v);
                    if (!Arrays.equals(r.execution().bytes(), k)) {
                        problems.add("record under 0x" + HexFormat.of().formatHex(k) + " names " + r.execution());
                    }
                    records.put(r.execution(), r.hash());
                } catch (CanonicalReader.MalformedException e) {
                    problems.add("record 0x" + HexFormat.of().formatHex(k) + ": " + e.getMessage());
                }
            });
            store.forEach(ChainStore.Family.ACCOUNTS, (k, v) -> {
                try {
                    accounts.put(Address.of(k), Account.decode(v).hash());
                } catch (CanonicalReader.MalformedException | IllegalArgumentException e) {
                    problems.add("account 0x" + HexFormat.of().formatHex(k) + ": " + e.getMessage());
                }
            });
            return store.headNumber();
        });
        if (!problems.isEmpty()) {
            throw new NodeFault(NodeFault.Kind.CORRUPT_STATE, String.join("; ", problems));
        }
        Commitment loaded = Commitment.of(records, accounts);
        ChainHead loadedHead;
        if (number == 0) {
            loadedHead = new ChainHead(0, BlockHash.GENESIS, Commitment.empty().root());
        } else {
            BlockEntry entry = call(() -> store.block(number)).orElseThrow(() -> new NodeFault(
                    NodeFault.Kind.CORRUPT_STATE, "the head block " + number + " has no entry"));
            loadedHead = new ChainHead(number, entry.hash(), entry.commitmentRoot());
        }
        if (!Arrays.equals(loaded.root(), loadedHead.commitmentRoot())) {
            throw new NodeFault(NodeFault.Kind.CORRUPT_STATE, "the stored state hashes to 0x"
                    + HexFormat.of().formatHex(loaded.root()) + ", block " + number + " committed 0x"
                    + HexFormat.of().formatHex(loadedHead.commitmentRoot()));
        }
        this.commitment = loaded;
        this.head = loadedHead;
    }

    public ChainHead head() {
        return head;
    }

    public Commitment commitment() {
        return commitment;
    }

    ChainStore store() {
        return store;
    }

    public Optional<SuspensionRecord> record(TxHash execution) {
        Optional<byte[]> raw = call(() -> store.get(ChainStore.Family.RECORDS, execution.bytes()));
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            SuspensionRecord r = SuspensionRecord.decode(raw.get());
            if (!r.execution().equals(execution)) {
                throw new CanonicalReader.MalformedException("it names " + r.execution());
            }
            return Optional.of(r);
        } catch (CanonicalReader.MalformedException e) {
            throw corrupt("record " + execution, e.getMessage());
        }
    }

    /** The state of a suspended execution, checked against its record (form, state root, cycles). */
    public SuspendedScript suspended(SuspensionRecord record) {
        byte[] raw = call(() -> store.get(ChainStore.Family.SNAPSHOTS, record.execution().bytes()))
                .orElseThrow(() -> corrupt("state of " + record.execution(), "missing"));
        try {
            SuspendedScript s = SuspendedScript.decode(record.form(), raw);
            if (!s.matches(record)) {
                throw corrupt("state of " + record.execution(), "its state root or cycles differ from its record");
            }
            return s;
        } catch (SuspendedScript.MalformedException e) {
            throw corrupt("state of " + record.execution(), e.getMessage());
        }
    }

    public Account account(Address address) {
        Optional<byte[]> raw = call(() -> store.get(ChainStore.Family.ACCOUNTS, address.bytes()));
        if (raw.isEmpty()) {
            return Account.NEW;
        }
        try {
            return Account.decode(raw.get());
        } catch (CanonicalReader.MalformedException e) {
            throw corrupt("account " + address, e.getMessage());
        }
    }

    /** Writes a block durably and makes it the head. */
    void commit(BlockEntry entry, SortedMap<ChainKey, Optional<byte[]>> changes, Commitment next, int retained) {
        call(() -> {
            store.commit(entry, changes, retained);
            return null;
        });
        this.commitment = next;
        this.head = new ChainHead(entry.number(), entry.hash(), entry.commitmentRoot());
    }

    static NodeFault corrupt(String what, String detail) {
        return new NodeFault(NodeFault.Kind.CORRUPT_STATE, what + ": " + detail);
    }

    /** A store call whose failures become node faults of the right kind. */
    static <T> T call(StoreCall<T> c) {
        try {
            return c.run();
        } catch (StoreException e) {
            StoreError error = e.error();
            NodeFault.Kind kind = error instanceof StoreError.CorruptChainState ? NodeFault.Kind.CORRUPT_STATE
                    : error instanceof StoreError.Closed ? NodeFault.Kind.STOPPED : NodeFault.Kind.STORAGE;
            throw new NodeFault(kind, e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof NodeFault f) {
                throw f;
            }
            throw new NodeFault(NodeFault.Kind.INTERNAL, "chain store: " + e, e);
        }
    }

    @FunctionalInterface
    interface StoreCall<T> {
        T run() throws StoreException;
    }
}
