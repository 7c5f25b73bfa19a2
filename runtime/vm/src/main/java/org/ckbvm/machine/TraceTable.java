package org.ckbvm.machine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ckbvm.isa.CostModel;

/**
 * The process-wide intern table of trace contents, one per cost model (a trace's cycles depend
 * on it; its items already encode the version and ISA). Machines running the same code share the
 * {@link TraceInfo}s and therefore the compiled regions, so a second run of a program starts
 * with its hot code already translated. Bounded: past {@link #MAX_ENTRIES} the table starts
 * afresh (traces already held by machines and regions stay valid, they are only no longer
 * shared with newcomers).
 */
final class TraceTable {
    static final int MAX_ENTRIES = 200_000;

    private static final AtomicLong NEXT_ID = new AtomicLong(1);
    private static final TraceTable[] TABLES = new TraceTable[CostModel.values().length];

    static {
        for (CostModel model : CostModel.values()) {
            TABLES[model.ordinal()] = new TraceTable();
        }
    }

    /** Starts every table afresh (see {@link Machine#discardSharedTranslations()}). */
    static void discardAll() {
        for (TraceTable table : TABLES) {
            table.map = new ConcurrentHashMap<>();
        }
    }

    static TraceTable of(CostModel model) {
        return TABLES[model.ordinal()];
    }

    /** Key wrapper so that a lookup needs no allocation when the trace is known. */
    private static final class Key {
        final long address;
        final long[] items;
        final int count;
        final int hash;

        Key(long address, long[] items, int count, int hash) {
            this.address = address;
            this.items = items;
            this.count = count;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o instanceof Key k) {
                return k.hash == hash && k.address == address && k.count == count && sameItems(items, k.items, count);
            }
            return false;
        }

        /**
         * A plain loop rather than {@code Arrays.equals}: a trace has at most 16 items, and the
         * JDK's vectorized mismatch runs in HotSpot's bytecode interpreter for the first seconds
         * of a process (the launcher compiles JDK code late), where every trace-cache miss of the
         * JIT engines compares.
         */
        private static boolean sameItems(long[] a, long[] b, int count) {
            for (int i = 0; i < count; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private volatile ConcurrentHashMap<Key, TraceInfo> map = new ConcurrentHashMap<>();

    /** The canonical trace for this content, created if new. {@code items} is copied if stored. */
    TraceInfo intern(long address, long[] items, int count, int length, long cycles, int instructions) {
        int hash = TraceInfo.hash(address, items, count);
        ConcurrentHashMap<Key, TraceInfo> m = map;
        TraceInfo found = m.get(new Key(address, items, count, hash));
        if (found != null) {
            return found;
        }
        long[] copy = java.util.Arrays.copyOf(items, count);
        long next = NEXT_ID.getAndIncrement();
        // past 2^31 distinct traces in one process ids would not fit: such traces get 0, which no
        // compiled check accepts, and run on the interpreter
        int id = next <= Integer.MAX_VALUE ? (int) next : 0;
        TraceInfo fresh = new TraceInfo(address, copy, length, cycles, instructions, hash, id);
        if (m.size() >= MAX_ENTRIES) {
            m = new ConcurrentHashMap<>();
            map = m;
        }
        TraceInfo raced = m.putIfAbsent(new Key(address, copy, count, hash), fresh);
        return raced != null ? raced : fresh;
    }
}
