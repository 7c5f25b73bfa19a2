package org.ckbvm.crash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crash-state model on small hand-written traces: what survives a power cut, and what does not. */
class FsModelTest {
    private static final String TOP = "/t";
    private static final int O_CREAT_WRONLY = 0101;

    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The lengths of /t/f over many crash states of {@code trace} (-1: absent). */
    private Set<Integer> lengths(List<FsTrace.Op> trace, FsModel.Survival survival) throws Exception {
        FsModel model = new FsModel(TOP);
        trace.forEach(model::apply);
        Set<Integer> seen = new TreeSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 300; i++) {
            Path out = dir.resolve("s" + i);
            Files.createDirectories(out);
            model.materialize(out, random, survival);
            Path f = out.resolve("f");
            seen.add(Files.exists(f) ? (int) Files.size(f) : -1);
        }
        return seen;
    }

    @Test
    void aSyncedFileIsLostUntilItsFolderIsSynced() throws Exception {
        List<FsTrace.Op> trace = new ArrayList<>(List.of(
                new FsTrace.Open(3, O_CREAT_WRONLY, true, false, "/t/f"),
                new FsTrace.Write(3, 0, bytes(5000, 1)),
                new FsTrace.Sync(3, true)));
        assertEquals(Set.of(-1, 5000), lengths(trace, FsModel.Survival.IN_ORDER));
        trace.add(new FsTrace.Open(4, 0, false, true, TOP));
        trace.add(new FsTrace.Sync(4, false));
        assertEquals(Set.of(5000), lengths(trace, FsModel.Survival.IN_ORDER));
    }

    @Test
    void unsyncedWritesSurviveAsAPrefixTornAt4KiB() throws Exception {
        List<FsTrace.Op> trace = List.of(
                new FsTrace.Open(4, 0, false, true, TOP),
                new FsTrace.Open(3, O_CREAT_WRONLY, true, false, "/t/f"),
                new FsTrace.Write(3, 0, bytes(8192, 1)),
                new FsTrace.Sync(3, true),
                new FsTrace.Sync(4, false),
                new FsTrace.Write(3, 8192, bytes(10000, 2)), // pages end at 12288, 16384, then 18192
                new FsTrace.Write(3, 18192, bytes(100, 3)));
        assertEquals(Set.of(8192, 12288, 16384, 18192, 18292), lengths(trace, FsModel.Survival.IN_ORDER));
        // reordered: the second write may land without the first (a hole of zeros before it)
        assertEquals(Set.of(8192, 18192, 18292), lengths(trace, FsModel.Survival.REORDERED));
    }

    @Test
    void aRenameIsAtomicAndDurableOnceItsFolderIsSynced() throws Exception {
        byte[] old = bytes(100, 1);
        byte[] replacement = bytes(200, 2);
        List<FsTrace.Op> trace = new ArrayList<>(List.of(
                new FsTrace.Open(4, 0, false, true, TOP),
                new FsTrace.Open(3, O_CREAT_WRONLY, true, false, "/t/f"),
                new FsTrace.Write(3, 0, old),
                new FsTrace.Sync(3, false),
                new FsTrace.Sync(4, false),
                new FsTrace.Open(5, O_CREAT_WRONLY, true, false, "/t/f.tmp"),
                new FsTrace.Write(5, 0, replacement),
                new FsTrace.Sync(5, false),
                new FsTrace.Rename("/t/f.tmp", "/t/f")));
        assertEquals(Set.of(100, 200), lengths(trace, FsModel.Survival.IN_ORDER));
        trace.add(new FsTrace.Sync(4, false));
        FsModel model = new FsModel(TOP);
        trace.forEach(model::apply);
        Path out = Files.createDirectories(dir.resolve("after"));
        model.materialize(out, new Random(1), FsModel.Survival.IN_ORDER);
        assertArrayEquals(replacement, Files.readAllBytes(out.resolve("f")));
        assertEquals(List.of("f"), Arrays.stream(out.toFile().list()).toList());
    }

    @Test
    void aTraceWithAHoleIsRefused() {
        FsModel model = new FsModel(TOP);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model.apply(new FsTrace.Write(9, 0, bytes(1, 1))));
        assertTrue(e.getMessage().contains("fd 9 is not open"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> model.apply(new FsTrace.Unsupported("writable shared mmap")));
    }
}
