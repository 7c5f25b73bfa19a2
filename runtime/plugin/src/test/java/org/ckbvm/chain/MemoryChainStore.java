package org.ckbvm.chain;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import org.ckbvm.store.BlockEntry;
import org.ckbvm.store.ChainKey;
import org.ckbvm.store.ChainStore;
import org.ckbvm.store.StoreError;
import org.ckbvm.store.StoreException;

/** A {@link ChainStore} in memory with the same commit/rewind semantics, for fast tests and fault injection. */
class MemoryChainStore implements ChainStore {
    private final EnumMap<Family, TreeMap<byte[], byte[]>> values = new EnumMap<>(Family.class);
    private final TreeMap<Long, BlockEntry> blocks = new TreeMap<>();
    private final Map<Long, SortedMap<ChainKey, Optional<byte[]>>> undo = new HashMap<>();
    private long head;
    boolean closed;

    MemoryChainStore() {
        for (Family f : Family.values()) {
            values.put(f, new TreeMap<>(Arrays::compareUnsigned));
        }
    }

    private void check() throws StoreException {
        if (closed) {
            throw new StoreException(new StoreError.Closed());
        }
    }

    @Override
    public synchronized long headNumber() throws StoreException {
        check();
        return head;
    }

    @Override
    public synchronized Optional<byte[]> get(Family family, byte[] key) throws StoreException {
        check();
        return Optional.ofNullable(values.get(family).get(key)).map(byte[]::clone);
    }

    /** Replaces a stored value behind the chain layer's back (corruption tests). */
    synchronized void tamper(Family family, byte[] key, byte[] value) {
        values.get(family).put(key.clone(), value.clone());
    }

    @Override
    public synchronized void forEach(Family family, BiConsumer<byte[], byte[]> visitor) throws StoreException {
        check();
        values.get(family).forEach((k, v) -> visitor.accept(k.clone(), v.clone()));
    }

    @Override
    public synchronized Optional<BlockEntry> block(long number) throws StoreException {
        check();
        return Optional.ofNullable(blocks.get(number));
    }

    @Override
    public synchronized long oldestRewindable() throws StoreException {
        check();
        long oldest = head;
        while (oldest > 0 && undo.containsKey(oldest)) {
            oldest--;
        }
        return oldest;
    }

    @Override
    public synchronized void commit(BlockEntry entry, SortedMap<ChainKey, Optional<byte[]>> changes, int retained)
            throws StoreException {
        check();
        if (entry.number() != head + 1) {
            throw new IllegalArgumentException("not the next block");
        }
        SortedMap<ChainKey, Optional<byte[]>> previous = new TreeMap<>();
        changes.forEach((k, v) -> {
            TreeMap<byte[], byte[]> map = values.get(k.family());
            previous.put(k, Optional.ofNullable(map.get(k.key())));
            if (v.isPresent()) {
                map.put(k.key(), v.get().clone());
            } else {
                map.remove(k.key());
            }
        });
        undo.put(entry.number(), previous);
        blocks.put(entry.number(), entry);
        head = entry.number();
        undo.keySet().removeIf(n -> n <= head - retained);
    }

    @Override
    public synchronized void rewindTo(long number) throws StoreException {
        check();
        for (long n = head; n > number; n--) {
            SortedMap<ChainKey, Optional<byte[]>> previous = undo.remove(n);
            if (previous == null) {
                throw new IllegalArgumentException("block " + n + " is final");
            }
            previous.forEach((k, v) -> {
                if (v.isPresent()) {
                    values.get(k.family()).put(k.key(), v.get());
                } else {
                    values.get(k.family()).remove(k.key());
                }
            });
            blocks.remove(n);
        }
        head = number;
    }

    @Override
    public synchronized void restore(SortedMap<ChainKey, byte[]> restored) throws StoreException {
        check();
        restored.forEach((k, v) -> values.get(k.family()).put(k.key(), v.clone()));
    }

    @Override
    public long diskBytes() {
        return 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }
}
