package org.ckbvm.store;

import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * The durable side of block-scoped chain state: committed values by family and key, the blocks
 * of the current chain, and the undo data that rewinds the last blocks. It stores bytes and runs
 * no machine; the chain layer decodes and verifies what it reads.
 *
 * <p>Every change is one atomic, synced write: a commit writes a block's values, its undo data
 * (each key's previous value), its block entry and the new head together; a rewind restores
 * previous values and drops the blocks above the target together. A crash leaves the state of
 * the last acknowledged commit or rewind, never a mix.
 */
public interface ChainStore extends AutoCloseable {

    /** The families of committed values. */
    enum Family {
        /** execution key (32) → suspension record */
        RECORDS("records"),
        /** execution key (32) → encoded Snapshot2 */
        SNAPSHOTS("snapshots"),
        /** address (20) → account */
        ACCOUNTS("accounts");

        final String cfName;

        Family(String cfName) {
            this.cfName = cfName;
        }
    }

    /** The last committed block's number, or 0 before any block. */
    long headNumber() throws StoreException;

    Optional<byte[]> get(Family family, byte[] key) throws StoreException;

    /** Every value of a family, in unsigned key order. */
    void forEach(Family family, BiConsumer<byte[], byte[]> visitor) throws StoreException;

    /** The block entry at {@code number} on the current chain. */
    Optional<BlockEntry> block(long number) throws StoreException;

    /** The lowest block number the state can still be rewound to. */
    long oldestRewindable() throws StoreException;

    /**
     * Commits block {@code entry} (number = head + 1) with its changed values (empty = delete),
     * and prunes the undo data of blocks more than {@code retainedBlocks} below it.
     */
    void commit(BlockEntry entry, SortedMap<ChainKey, Optional<byte[]>> changes, int retainedBlocks)
            throws StoreException;

    /** Undoes every block above {@code number} (which must be at least {@link #oldestRewindable()}). */
    void rewindTo(long number) throws StoreException;

    /**
     * Writes values outside any block, in one synced batch: only for restoring entries whose
     * content the head block's commitment already binds (a lost or corrupt snapshot or record,
     * imported from another node); the caller checks that the commitment is unchanged.
     */
    void restore(SortedMap<ChainKey, byte[]> values) throws StoreException;

    /** How many bytes the store's files take on disk. */
    long diskBytes() throws StoreException;

    @Override
    void close();
}
