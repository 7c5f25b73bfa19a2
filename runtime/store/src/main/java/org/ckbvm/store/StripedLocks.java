package org.ckbvm.store;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A fixed array of read-write locks that keys hash onto. A caller names every stripe it needs
 * and its mode up front and gets them in ascending stripe order, so two callers can never wait on
 * each other in a cycle; a stripe needed both ways is taken exclusively. Locks are never upgraded:
 * a caller that finds it needs more releases everything and asks again.
 */
final class StripedLocks {
    private final ReentrantReadWriteLock[] stripes;

    StripedLocks(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("stripe count must be a power of two, got " + count);
        }
        stripes = new ReentrantReadWriteLock[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
    }

    /** The stripe of a key; keys are hashes, but the bytes are mixed anyway so test keys spread too. */
    int stripe(byte[] key) {
        int h = Arrays.hashCode(key);
        h ^= h >>> 16;
        h *= 0x7feb352d;
        h ^= h >>> 15;
        return h & (stripes.length - 1);
    }

    /** A new plan: stripe -> exclusive. */
    static SortedMap<Integer, Boolean> plan() {
        return new TreeMap<>();
    }

    void need(SortedMap<Integer, Boolean> plan, byte[] key, boolean exclusive) {
        plan.merge(stripe(key), exclusive, Boolean::logicalOr);
    }

    /** Acquires the plan in ascending stripe order. */
    Held acquire(SortedMap<Integer, Boolean> plan) {
        Lock[] taken = new Lock[plan.size()];
        int n = 0;
        try {
            for (Map.Entry<Integer, Boolean> e : plan.entrySet()) {
                ReentrantReadWriteLock rw = stripes[e.getKey()];
                Lock lock = e.getValue() ? rw.writeLock() : rw.readLock();
                lock.lock();
                taken[n++] = lock;
            }
        } catch (RuntimeException | Error e) {
            release(taken, n);
            throw e;
        }
        return new Held(taken);
    }

    Held exclusive(byte[] key) {
        SortedMap<Integer, Boolean> plan = plan();
        need(plan, key, true);
        return acquire(plan);
    }

    private static void release(Lock[] taken, int n) {
        for (int i = n - 1; i >= 0; i--) {
            taken[i].unlock();
        }
    }

    /** Locks held; closing releases them in reverse order. */
    static final class Held implements AutoCloseable {
        private Lock[] taken;

        private Held(Lock[] taken) {
            this.taken = taken;
        }

        @Override
        public void close() {
            if (taken != null) {
                release(taken, taken.length);
                taken = null;
            }
        }
    }
}
