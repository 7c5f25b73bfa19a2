package org.ckbvm.cli;

import java.util.Locale;

import org.ckbvm.store.PrunePolicy;

/** Parses the store commands' ages ({@code --older-than}); sizes are {@link Values.Size}. */
final class StoreArguments {
    private StoreArguments() {}

    /**
     * {@code --older-than}: {@code block:N} (created below block N), or an age {@code N} followed by
     * s, m, h or d (created before now minus that age, Unix seconds).
     */
    static PrunePolicy olderThan(String text, long nowSeconds) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("block:")) {
                return new PrunePolicy.CreatedBeforeBlock(new Values.Unsigned64().convert(t.substring(6)));
            }
            long unit;
            switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
                case 's': unit = 1; break;
                case 'm': unit = 60; break;
                case 'h': unit = 3600; break;
                case 'd': unit = 86400; break;
                default: throw new NumberFormatException();
            }
            String digits = t.substring(0, t.length() - 1);
            if (!digits.matches("[0-9]{1,18}")) {
                throw new NumberFormatException();
            }
            long age = Math.multiplyExact(Long.parseLong(digits), unit);
            return new PrunePolicy.CreatedBefore(Math.max(0, nowSeconds - age));
        } catch (NumberFormatException | ArithmeticException | Values.Expected e) {
            throw UsageException.badValue("--older-than", text, "an age like 30s, 15m, 12h or 7d, or block:N");
        }
    }
}
