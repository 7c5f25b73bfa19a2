package org.ckbvm.store;

import java.util.Arrays;
import java.util.Objects;

/** A key of one family of {@link ChainStore}; ordered by family, then unsigned bytes, for deterministic writes. */
public record ChainKey(ChainStore.Family family, byte[] key) implements Comparable<ChainKey> {
    public ChainKey {
        Objects.requireNonNull(family);
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public int compareTo(ChainKey o) {
        int c = family.compareTo(o.family);
        return c != 0 ? c : Arrays.compareUnsigned(key, o.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainKey k && k.family == family && Arrays.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return family.hashCode() * 31 + Arrays.hashCode(key);
    }
}
