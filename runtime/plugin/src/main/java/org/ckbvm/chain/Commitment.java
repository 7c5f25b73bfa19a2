package org.ckbvm.chain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.TxHash;

/**
 * The commitment over the chain state: two {@link SparseMerkleMap}s, one of suspended executions
 * (key: the execution's hash, value: H(record)) and one of accounts (key: H(address), value:
 * H(account)), joined as {@code root = H(0x02 || executions root || accounts root)}. Immutable;
 * {@link #with} gives the commitment after a block's changes.
 */
public final class Commitment {
    private static final byte JOIN = 0x02;

    private final TreeMap<byte[], byte[]> executions;
    private final TreeMap<byte[], byte[]> accounts;
    private final byte[] executionsRoot;
    private final byte[] accountsRoot;

    private Commitment(TreeMap<byte[], byte[]> executions, TreeMap<byte[], byte[]> accounts) {
        this.executions = executions;
        this.accounts = accounts;
        this.executionsRoot = SparseMerkleMap.of(executions).root();
        this.accountsRoot = SparseMerkleMap.of(accounts).root();
    }

    public static Commitment empty() {
        return new Commitment(SparseMerkleMap.sortedEntries(), SparseMerkleMap.sortedEntries());
    }

    /** The commitment of the given leaves (execution → record hash, address → account hash). */
    public static Commitment of(Map<TxHash, byte[]> recordHashes, Map<Address, byte[]> accountHashes) {
        return empty().with(wrap(recordHashes), wrapAccounts(accountHashes));
    }

    /**
     * The commitment after changes: a present value replaces a leaf, an empty one removes it.
     */
    public Commitment with(Map<TxHash, Optional<byte[]>> recordChanges, Map<Address, Optional<byte[]>> accountChanges) {
        TreeMap<byte[], byte[]> e = new TreeMap<>(executions);
        recordChanges.forEach((k, v) -> apply(e, k.bytes(), v));
        TreeMap<byte[], byte[]> a = new TreeMap<>(accounts);
        accountChanges.forEach((k, v) -> apply(a, Account.key(k), v));
        return new Commitment(e, a);
    }

    private static void apply(TreeMap<byte[], byte[]> map, byte[] key, Optional<byte[]> value) {
        if (value.isPresent()) {
            map.put(key, value.get().clone());
        } else {
            map.remove(key);
        }
    }

    private static Map<TxHash, Optional<byte[]>> wrap(Map<TxHash, byte[]> m) {
        Map<TxHash, Optional<byte[]>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Optional.of(v)));
        return out;
    }

    private static Map<Address, Optional<byte[]>> wrapAccounts(Map<Address, byte[]> m) {
        Map<Address, Optional<byte[]>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, Optional.of(v)));
        return out;
    }

    public byte[] root() {
        return join(executionsRoot, accountsRoot);
    }

    public byte[] executionsRoot() {
        return executionsRoot.clone();
    }

    public byte[] accountsRoot() {
        return accountsRoot.clone();
    }

    public int executionCount() {
        return executions.size();
    }

    /** A proof that {@code execution} is suspended with a record hash, or is absent. */
    public CommitmentProof proveExecution(TxHash execution) {
        return new CommitmentProof(CommitmentProof.Map.EXECUTIONS, SparseMerkleMap.of(executions).prove(execution.bytes()),
                accountsRoot);
    }

    /** A proof of {@code address}'s account, or of its absence. */
    public CommitmentProof proveAccount(Address address) {
        return new CommitmentProof(CommitmentProof.Map.ACCOUNTS, SparseMerkleMap.of(accounts).prove(Account.key(address)),
                executionsRoot);
    }

    static byte[] join(byte[] executionsRoot, byte[] accountsRoot) {
        Blake2bDigest d = CkbHash.newDigest();
        d.update(JOIN);
        d.update(executionsRoot, 0, 32);
        d.update(accountsRoot, 0, 32);
        return CkbHash.finish(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Commitment c && Arrays.equals(c.root(), root());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(root());
    }
}
