package org.ckbvm.snapshot;

import static org.ckbvm.snapshot.SnapshotSamples.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import com.google.protobuf.ByteString;

import org.ckbvm.proto.DirtyPages;
import org.ckbvm.proto.SourcePages;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, decode returns a valid snapshot whose encoding is those very bytes, or
 * throws {@link SnapshotFormatException}: never another exception.
 */
class SnapshotCodecRobustnessTest {

    /** What decode did with one input: the reason's type name, or "valid". */
    private static String outcome(byte[] input, String what) {
        Snapshot s;
        try {
            s = SnapshotCodec.decode(input);
        } catch (SnapshotFormatException e) {
            return e.reason().getClass().getSimpleName();
        } catch (Throwable t) {
            throw new AssertionError(what + ": " + t + " on input "
                    + HexFormat.of().formatHex(input, 0, Math.min(input.length, 512)), t);
        }
        // Accepted: then it is exactly the canonical encoding of a value that round-trips.
        assertArrayEquals(input, SnapshotCodec.encode(s), what + ": accepted but not canonical");
        try {
            assertEquals(s, SnapshotCodec.decode(input), what);
        } catch (SnapshotFormatException e) {
            fail(what + ": second decode failed", e);
        }
        return "valid";
    }

    private static List<byte[]> samples() {
        return List.of(SnapshotCodec.encode(v1()), SnapshotCodec.encode(v2()), SnapshotCodec.encode(v2SourcesOnly()));
    }

    @Test
    void everyProperPrefixIsRejected() {
        for (byte[] full : samples()) {
            for (int n = 0; n < full.length; n++) {
                byte[] prefix = Arrays.copyOf(full, n);
                // state_root is the last field, so no proper prefix can hold a whole valid snapshot.
                assertThrows(SnapshotFormatException.class, () -> SnapshotCodec.decode(prefix), "prefix " + n);
            }
        }
    }

    @Test
    void everyPrefixOfAnUnusualEncodingIsRejectedOrValid() {
        // Here state_root comes first, so prefixes stop at field boundaries with a complete root.
        byte[] root = org.ckbvm.proto.Snapshot.newBuilder().setStateRoot(ByteString.copyFrom(root(3))).build()
                .toByteArray();
        byte[] full = concat(root, message(v2SourcesOnly()).toBuilder().clearStateRoot().build().toByteArray());
        for (int n = 0; n <= full.length; n++) {
            outcome(Arrays.copyOf(full, n), "prefix " + n);
        }
    }

    @Test
    void mutatedEncodingsGiveAValidSnapshotOrTheTypedError() {
        List<byte[]> samples = samples();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            byte[] base = samples.get(seed % samples.size());
            byte[] mutated = mutate(random, base, samples);
            outcomes.merge(outcome(mutated, "seed " + seed), 1, Integer::sum);
        }
        // The mutations reach past the parser into the semantic checks, and some stay valid
        // (flips inside page content or registers).
        assertTrue(outcomes.containsKey("valid"), outcomes::toString);
        assertTrue(outcomes.size() >= 8, "few distinct outcomes: " + outcomes);
    }

    @Test
    void randomBytesGiveTheTypedError() {
        Random random = new Random(42);
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            outcome(bytes, "random " + i);
        }
    }

    private static final long[] INTERESTING = {0, 1, 2, 3, 7, 8, 0x7f, 0x80, 4095, 4096, 4097, 8192, 0x10000,
        1L << 20, 1L << 22, (1L << 22) - 4096, 1L << 30, (1L << 30) + 4096, 1L << 31, 1L << 32, Long.MAX_VALUE,
        Long.MIN_VALUE, -4096, -1};

    /**
     * Well-formed protobuf with one to three fields anywhere in the tree set to edge values:
     * this reaches the semantic checks that byte mutations mostly break the parser before.
     */
    @Test
    void edgeFieldValuesGiveAValidSnapshotOrTheTypedError() {
        List<org.ckbvm.proto.Snapshot> samples = List.of(message(v1()), message(v2()), message(v2SourcesOnly()));
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            var b = samples.get(seed % samples.size()).toBuilder();
            for (int e = 1 + random.nextInt(3); e > 0; e--) {
                com.google.protobuf.Message.Builder target = switch (random.nextInt(4)) {
                    case 0 -> b.getHeaderBuilder();
                    case 1 -> b.getSourcePagesCount() > 0 ? b.getSourcePagesBuilder(random.nextInt(b.getSourcePagesCount())) : b;
                    case 2 -> b.getDirtyPagesCount() > 0 ? b.getDirtyPagesBuilder(random.nextInt(b.getDirtyPagesCount())) : b;
                    default -> b;
                };
                setRandomly(random, target);
            }
            outcomes.merge(outcome(b.build().toByteArray(), "field seed " + seed), 1, Integer::sum);
        }
        assertTrue(outcomes.containsKey("valid"), outcomes::toString);
        assertTrue(outcomes.size() >= 18, "few distinct outcomes: " + outcomes);
    }

    private static void setRandomly(Random random, com.google.protobuf.Message.Builder target) {
        var fields = target.getDescriptorForType().getFields();
        var field = fields.get(random.nextInt(fields.size()));
        long value = INTERESTING[random.nextInt(INTERESTING.length)];
        switch (field.getJavaType()) {
            case INT -> {
                if (field.isRepeated()) {
                    target.clearField(field);
                } else {
                    target.setField(field, (int) value);
                }
            }
            case LONG -> {
                if (field.isRepeated()) { // registers: change the count
                    target.clearField(field);
                    for (int i = random.nextInt(3) == 0 ? random.nextInt(40) : 32; i > 0; i--) {
                        target.addRepeatedField(field, value);
                    }
                } else {
                    target.setField(field, value);
                }
            }
            case ENUM -> target.setField(field,
                    field.getEnumType().findValueByNumberCreatingIfUnknown(random.nextInt(5) - 1));
            case STRING -> target.setField(field, List.of("ckb", "unit", "", "CKB", "x".repeat(100)).get(random.nextInt(5)));
            case BYTE_STRING -> {
                int length = List.of(0, 31, 32, 33, 4095, 4096, 8192).get(random.nextInt(7));
                ByteString bytes = ByteString.copyFrom(new byte[length]);
                if (field.isRepeated()) { // sources: replace one, or add one
                    int count = target.getRepeatedFieldCount(field);
                    if (count > 0 && random.nextBoolean()) {
                        target.setRepeatedField(field, random.nextInt(count), bytes);
                    } else {
                        target.addRepeatedField(field, bytes);
                    }
                } else {
                    target.setField(field, bytes);
                }
            }
            case MESSAGE -> {
                if (field.isRepeated()) { // page lists: drop one or clear
                    int count = target.getRepeatedFieldCount(field);
                    if (count > 0) {
                        List<Object> kept = new java.util.ArrayList<>();
                        for (int i = 0; i < count; i++) {
                            kept.add(target.getRepeatedField(field, i));
                        }
                        kept.remove(random.nextInt(count));
                        target.clearField(field);
                        kept.forEach(m -> target.addRepeatedField(field, m));
                    }
                } else {
                    target.clearField(field);
                }
            }
            default -> throw new AssertionError(field);
        }
    }

    /** 1 to 4 edits: bit flips, byte sets, insertions, deletions, slice duplication, splices. */
    private static byte[] mutate(Random random, byte[] base, List<byte[]> others) {
        byte[] b = base.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            // Most of a sample is page content; aim half of the edits at the first 400 bytes,
            // where the header, registers, sources and range fields live.
            int bound = b.length == 0 ? 1 : (random.nextBoolean() ? Math.min(b.length, 400) : b.length);
            int at = random.nextInt(bound);
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (b.length > 0) b[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 1 -> {
                    if (b.length > 0) b[at] = (byte) random.nextInt(256);
                }
                case 2 -> {
                    byte[] insert = new byte[1 + random.nextInt(4)];
                    random.nextBytes(insert);
                    b = splice(b, at, 0, insert);
                }
                case 3 -> b = splice(b, at, Math.min(b.length - Math.min(at, b.length), 1 + random.nextInt(8)), new byte[0]);
                case 4 -> {
                    int from = random.nextInt(b.length == 0 ? 1 : b.length);
                    int len = Math.min(b.length - from, 1 + random.nextInt(64));
                    b = splice(b, at, 0, Arrays.copyOfRange(b, from, from + Math.max(len, 0)));
                }
                case 5 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                default -> {
                    byte[] other = others.get(random.nextInt(others.size()));
                    int from = random.nextInt(other.length);
                    int len = Math.min(other.length - from, 1 + random.nextInt(200));
                    b = splice(b, at, Math.min(b.length - Math.min(at, b.length), random.nextInt(200)),
                            Arrays.copyOfRange(other, from, from + len));
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        at = Math.min(at, b.length);
        remove = Math.max(0, Math.min(remove, b.length - at));
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    /**
     * Random page ranges in a 16-page memory against a page-by-page oracle: decode accepts
     * exactly when every range is aligned, non-empty, in bounds, each list strictly ascending,
     * and no page is claimed twice.
     */
    @Test
    void rangeChecksAgreeWithAPageByPageOracle() {
        long memory = 16L * PAGE;
        ByteString listed = ByteString.copyFrom(id(20).bytes()); // in v2SourcesOnly's list
        long[] starts = {0, PAGE, 2L * PAGE, 5L * PAGE, 8L * PAGE, 14L * PAGE, 15L * PAGE, 16L * PAGE, 17L * PAGE,
                         0x800, -PAGE, Long.MIN_VALUE};
        long[] lengths = {PAGE, 2L * PAGE, 3L * PAGE, 16L * PAGE, 0, 0x800, -PAGE};
        int accepted = 0;
        for (int seed = 0; seed < 20_000; seed++) {
            Random random = new Random(seed);
            var b = org.ckbvm.proto.Snapshot.newBuilder(message(v2SourcesOnly())).clearSourcePages().clearDirtyPages();
            b.getHeaderBuilder().setMemorySize(memory);
            int sources = random.nextInt(4);
            int dirty = random.nextInt(4);
            long[][] src = new long[sources][];
            long[][] drt = new long[dirty][];
            for (int i = 0; i < sources; i++) {
                src[i] = pick(random, starts, lengths, i, sources);
                b.addSourcePages(SourcePages.newBuilder().setAddress(src[i][0]).setLength(src[i][1])
                        .setSourceId(listed).setFlags(random.nextInt(8)));
            }
            for (int i = 0; i < dirty; i++) {
                drt[i] = pick(random, starts, lengths, i, dirty);
                long length = drt[i][1];
                boolean representable = length >= 0 && length <= 16L * PAGE;
                drt[i][1] = representable ? length : PAGE; // content is a real byte string
                b.addDirtyPages(DirtyPages.newBuilder().setAddress(drt[i][0]).setFlags(random.nextInt(8))
                        .setContent(ByteString.copyFrom(new byte[(int) drt[i][1]])));
            }
            boolean expected = oracle(memory, src, drt);
            byte[] bytes = b.build().toByteArray();
            String result = outcome(bytes, "ranges seed " + seed);
            assertEquals(expected, result.equals("valid"), "seed " + seed + ": " + result);
            if (expected) {
                accepted++;
            }
        }
        assertTrue(accepted > 500 && accepted < 19_500, "accepted " + accepted);
    }

    /** Mostly ascending picks (so that valid layouts are common), sometimes anything. */
    private static long[] pick(Random random, long[] starts, long[] lengths, int index, int count) {
        if (random.nextInt(3) > 0) {
            long start = (long) (index * 16 / count + random.nextInt(2)) * PAGE;
            return new long[] {start, (1 + random.nextInt(2)) * (long) PAGE};
        }
        return new long[] {starts[random.nextInt(starts.length)], lengths[random.nextInt(lengths.length)]};
    }

    private static boolean oracle(long memory, long[][] src, long[][] drt) {
        int pages = (int) (memory / PAGE);
        boolean[] claimed = new boolean[pages];
        for (long[][] list : List.of(src, drt)) {
            for (int i = 0; i < list.length; i++) {
                long start = list[i][0];
                long length = list[i][1];
                if (start < 0 || length <= 0 || start % PAGE != 0 || length % PAGE != 0 || start + length > memory) {
                    return false;
                }
                if (i > 0 && start <= list[i - 1][0]) {
                    return false;
                }
                for (long p = start / PAGE; p < (start + length) / PAGE; p++) {
                    if (claimed[(int) p]) {
                        return false;
                    }
                    claimed[(int) p] = true;
                }
            }
        }
        return true;
    }

    @Test
    void decodeCopiesNothingItWasNotGiven() {
        // A valid-looking header declaring 1 GiB of memory costs nothing: only the bytes present
        // are ever allocated.
        var b = org.ckbvm.proto.Snapshot.newBuilder(message(v2SourcesOnly()));
        b.getHeaderBuilder().setMemorySize(1L << 30);
        b.addSourcePages(SourcePages.newBuilder().setAddress(1L << 20).setLength((1L << 30) - (1L << 20))
                .setSourceId(ByteString.copyFrom(id(20).bytes())));
        byte[] bytes = b.build().toByteArray();
        assertTrue(bytes.length < 1000);
        assertEquals("valid", outcome(bytes, "1 GiB source range"));
    }

    @Test
    void nullIsACallerBug() {
        assertThrows(NullPointerException.class, () -> SnapshotCodec.decode(null));
    }
}
