package org.ckbvm.chain;

import java.util.Optional;
import java.util.SortedMap;
import java.util.function.BiConsumer;

import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;

/** A chain store that fails reads or writes on demand, as a failing disk would. */
final class FaultyChainStore implements ChainStore {
    final ChainStore inner;
    volatile boolean failReads;
    volatile boolean failWrites;

    FaultyChainStore(ChainStore inner) {
        this.inner = inner;
    }

    private void read() throws StoreException {
        if (failReads) {
            throw new StoreException(new StoreError.Io("reading", "Input/output error (injected)"));
        }
    }

    private void write() throws StoreException {
        if (failWrites) {
            throw new StoreException(new StoreError.Io("writing", "No space left on device (injected)"));
        }
    }

    @Override
    public long headNumber() throws StoreException {
        read();
        return inner.headNumber();
    }

    @Override
    public Optional<byte[]> get(Family family, byte[] key) throws StoreException {
        read();
        return inner.get(family, key);
    }

    @Override
    public void forEach(Family family, BiConsumer<byte[], byte[]> visitor) throws StoreException {
        read();
        inner.forEach(family, visitor);
    }

    @Override
    public Optional<BlockEntry> block(long number) throws StoreException {
        read();
        return inner.block(number);
    }

    @Override
    public long oldestRewindable() throws StoreException {
        read();
        return inner.oldestRewindable();
    }

    @Override
    public void commit(BlockEntry entry, SortedMap<ChainKey, Optional<byte[]>> changes, int retainedBlocks)
            throws StoreException {
        write();
        inner.commit(entry, changes, retainedBlocks);
    }

    @Override
    public void rewindTo(long number) throws StoreException {
        write();
        inner.rewindTo(number);
    }

    @Override
    public void restore(SortedMap<ChainKey, byte[]> values) throws StoreException {
        write();
        inner.restore(values);
    }

    @Override
    public long diskBytes() throws StoreException {
        return inner.diskBytes();
    }

    @Override
    public void close() {
        inner.close();
    }
}
