package org.ckbvm.cli;

import java.util.Locale;

import org.ckbvm.store.PrunePolicy;

/** Parses the store commands' sizes and ages. */
final class StoreArguments {
    private StoreArguments() {}

    /** Bytes: a plain number, or with K, M, G or T (powers of 1024), optionally followed by "iB" or "B". */
    static long bytes(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K': shift = 10; break;
                case 'M': shift = 20; break;
                case 'G': shift = 30; break;
                case 'T': shift = 40; break;
                default: break;
            }
        }
        if (shift > 0) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t.trim());
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a byte size: '" + text + "' (e.g. 4096, 512MiB, 2G)");
        }
    }

    /**
     * {@code --older-than}: {@code block:N} (created below block N), or an age {@code N} followed by
     * s, m, h or d (created before now minus that age, Unix seconds).
     */
    static PrunePolicy olderThan(String text, long nowSeconds) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("block:")) {
                return new PrunePolicy.CreatedBeforeBlock(Long.parseUnsignedLong(t.substring(6)));
            }
            long unit;
            switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                case 's': unit = 1; break;
                case 'm': unit = 60; break;
                case 'h': unit = 3600; break;
                case 'd': unit = 86400; break;
                default: throw new NumberFormatException();
            }
            long age = Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - 1)), unit);
            if (age < 0) {
                throw new NumberFormatException();
            }
            return new PrunePolicy.CreatedBefore(Math.max(0, nowSeconds - age));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("--older-than takes an age like 30s, 15m, 12h, 7d, or block:N; got '" + text + "'");
        }
    }
}
