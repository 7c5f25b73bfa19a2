package org.ckbvm.elf;

import static org.ckbvm.elf.TestElf.R;
import static org.ckbvm.elf.TestElf.W;
import static org.ckbvm.elf.TestElf.X;
import static org.ckbvm.elf.TestElf.elf;
import static org.ckbvm.elf.TestElf.load;
import static org.ckbvm.elf.TestElf.pattern;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

import org.ckbvm.error.VmException;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated ELF files: parsing and loading must either succeed or throw
 * {@link VmException}; no other exception, ever. Deterministic seeds keep failures reproducible.
 */
class ElfRobustnessTest {
    private static final int ITERATIONS = 6000;
    private static final java.util.Set<String> KINDS = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final long MEMORY = 256 << 10;

    /** Values that tend to hit boundaries in u64 header fields. */
    private static final long[] INTERESTING = {
            0, 1, 2, 7, 8, 15, 16, 55, 56, 57, 63, 64, 65, 119, 120, 0xfff, 0x1000, 0x1001,
            MEMORY - 1, MEMORY, MEMORY + 1, Memory.DEFAULT_SIZE, Memory.DEFAULT_SIZE - 0x1000,
            0x7fff_ffffL, 0x8000_0000L, 0xffff_ffffL, 0x1_0000_0000L,
            Long.MAX_VALUE, Long.MIN_VALUE, -1, -2, -0x1000, -0xfff, 0xffff_ffff_ffff_f001L,
    };

    private static final int[] SEGMENT_FIELD_OFFSETS = {0, 4, 8, 16, 24, 32, 40, 48};
    private static final int[] SEGMENT_FIELD_WIDTHS = {4, 4, 8, 8, 8, 8, 8, 8};

    @Test
    void randomAndMutatedFilesNeverThrowAnythingButVmException() {
        SplittableRandom random = new SplittableRandom(0x5eed_e1f);
        List<byte[]> seeds = seeds();
        int loaded = 0;
        int failed = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random);
                case 1, 2 -> mutate(random, seeds.get(random.nextInt(seeds.size())));
                default -> fieldMutate(random, seeds.get(random.nextInt(seeds.size())));
            };
            int version = random.nextInt(3);
            List<byte[]> args = randomArgs(random);
            if (tryLoad(input, args, version, i)) {
                loaded++;
            } else {
                failed++;
            }
        }
        // the mutations must exercise both outcomes
        assertTrue(loaded > ITERATIONS / 20, "loaded " + loaded);
        assertTrue(failed > ITERATIONS / 20, "failed " + failed);
        // ... and reach every stage: header, program headers, segments, memory, stack
        for (String kind : List.of("ElfParseError", "ElfBits", "ElfSegmentAddrOrSizeError", "ElfSegmentUnreadable",
                "ElfSegmentWritableAndExecutable", "MemOutOfBound", "MemWriteOnFreezedPage",
                "MemWriteOnExecutablePage")) {
            assertTrue(KINDS.contains(kind), "never produced " + kind + ", got " + KINDS);
        }
    }

    @Test
    void everyTruncationOfValidFilesIsHandled() {
        for (byte[] seed : seeds()) {
            for (int length = 0; length <= seed.length; length++) {
                tryLoad(Arrays.copyOf(seed, length), List.of(), length % 3, length);
            }
        }
    }

    private static boolean tryLoad(byte[] input, List<byte[]> args, int version, int iteration) {
        Memory memory = new Memory(MEMORY);
        try {
            ElfLoader.load(memory, input, args, version);
            return true;
        } catch (VmException e) {
            KINDS.add(e.error().kind());
            return false;
        } catch (Throwable t) {
            String hex = HexFormat.of().formatHex(input, 0, Math.min(input.length, 512));
            fail("iteration " + iteration + ", version " + version + ": " + t + "\ninput (" + input.length
                    + " bytes): " + hex, t);
            return false;
        }
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(elf().entry(0x1000).segment(load(R | X, 0x1000, pattern(64))).build());
        seeds.add(elf().entry(0x10078)
                .segment(load(R | X, 0x10078, pattern(300)))
                .segment(load(R, 0x12000, pattern(40)))
                .segment(load(R | W, 0x13010, pattern(100)).memsz(0x3000))
                .build());
        seeds.add(elf().data(2).segment(load(R | X, 0x2000, pattern(30))).segment(load(R | W, 0x8000, pattern(8))).build());
        seeds.add(elf().segment(load(R, 0, pattern(4)).type(0x70000003))
                .segment(load(R | X, 0x4000, pattern(20)).memsz(0)).build());
        seeds.add(elf().phoff(200).segment(load(R | W, 0x3000, pattern(16))).build());
        seeds.add(elf().elfClass(1).build());
        // overlapping segments: the second lands on a page the first froze
        seeds.add(elf().segment(load(R, 0x5000, pattern(24))).segment(load(R | W, 0x5800, pattern(24))).build());
        try {
            seeds.add(ElfLoaderTest.fixture("always_success"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return seeds;
    }

    private static byte[] randomBytes(SplittableRandom random) {
        int length = random.nextInt(4) == 0 ? random.nextInt(20) : random.nextInt(600);
        byte[] b = new byte[length];
        random.nextBytes(b);
        if (length >= 6 && random.nextBoolean()) {
            b[0] = 0x7f;
            b[1] = 'E';
            b[2] = 'L';
            b[3] = 'F';
            b[4] = (byte) (random.nextInt(4));
            b[5] = (byte) (random.nextInt(4));
        }
        return b;
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        byte[] b = seed.clone();
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits && b.length > 0; e++) {
            switch (random.nextInt(5)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length + 1));
                case 3 -> b = Arrays.copyOf(b, b.length + random.nextInt(200));
                default -> {
                    int at = random.nextInt(b.length);
                    int len = Math.min(b.length - at, 1 + random.nextInt(8));
                    Arrays.fill(b, at, at + len, (byte) (random.nextBoolean() ? 0 : 0xff));
                }
            }
        }
        return b;
    }

    /** Overwrites header or program-header fields with boundary values. */
    private static byte[] fieldMutate(SplittableRandom random, byte[] seed) {
        byte[] b = seed.clone();
        boolean be = b.length > 5 && b[5] == 2;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            long value = random.nextInt(3) == 0 ? random.nextLong() : INTERESTING[random.nextInt(INTERESTING.length)];
            if (random.nextInt(3) == 0) {
                // header: e_entry, e_phoff, e_phnum, e_phentsize
                switch (random.nextInt(4)) {
                    case 0 -> put(b, 24, 8, value, be);
                    case 1 -> put(b, 32, 8, value, be);
                    case 2 -> put(b, 56, 2, value, be);
                    default -> put(b, 54, 2, value, be);
                }
            } else {
                int phnum = b.length >= 58 ? (be ? ((b[56] & 0xff) << 8) | (b[57] & 0xff) : ((b[57] & 0xff) << 8) | (b[56] & 0xff)) : 0;
                int index = random.nextInt(Math.max(1, Math.min(phnum, 8)));
                int field = random.nextInt(SEGMENT_FIELD_OFFSETS.length);
                if (field == 1 && random.nextBoolean()) {
                    value = random.nextInt(8); // p_flags: stay in the interesting range
                } else if (field == 0 && random.nextBoolean()) {
                    value = 1; // PT_LOAD
                }
                put(b, 64 + 56 * index + SEGMENT_FIELD_OFFSETS[field], SEGMENT_FIELD_WIDTHS[field], value, be);
            }
        }
        return b;
    }

    private static void put(byte[] b, int at, int width, long value, boolean be) {
        if (at + width <= b.length) {
            TestElf.put(b, at, width, value, be);
        }
    }

    private static List<byte[]> randomArgs(SplittableRandom random) {
        int n = random.nextInt(4) == 0 ? random.nextInt(5) : 0;
        List<byte[]> args = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = random.nextInt(10) == 0 ? random.nextInt(80 << 10) : random.nextInt(32);
            byte[] a = new byte[len];
            random.nextBytes(a);
            args.add(a);
        }
        return args;
    }
}
