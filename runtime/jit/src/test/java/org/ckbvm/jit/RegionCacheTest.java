package org.ckbvm.jit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ckbvm.isa.Opcodes;
import org.ckbvm.isa.PackedInstruction;
import org.ckbvm.machine.CompiledRegion;
import org.ckbvm.machine.TraceInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regions kept across processes come back only for exactly the traces they were made from: a
 * different trace, a damaged file or another translator version is a miss. Stored bytes define
 * a working region whatever the ids of the traces in this process (ids come as class data).
 */
class RegionCacheTest {
    private static final long PC = 0x1000;

    private static TraceInfo trace(int imm, int id) {
        long addi = PackedInstruction.i(Opcodes.ADDI, 5, 5, imm, 4);
        long jal = PackedInstruction.u(Opcodes.JAL, 0, -4, 4);
        return new TraceInfo(PC, new long[] {addi, jal}, 8, 2, 2, 0, id);
    }

    @Test
    void storedRegionsComeBackForTheSameTracesOnly(@TempDir Path dir) throws Exception {
        RegionCache cache = RegionCache.open(dir);
        assertNotNull(cache);
        List<TraceInfo> blocks = List.of(trace(7, 11));
        byte[] key = RegionCache.key(blocks);
        assertNull(cache.load(key));
        byte[] bytes = RegionCompiler.generate(blocks).bytes();
        cache.store(key, new RegionCache.Entry(bytes, 1));

        // another process: the same content under another id loads and defines
        List<TraceInfo> again = List.of(trace(7, 4242));
        RegionCache.Entry loaded = RegionCache.open(dir).load(RegionCache.key(again));
        assertNotNull(loaded);
        assertEquals(1, loaded.blocks());
        assertArrayEquals(bytes, loaded.classBytes());
        CompiledRegion[] region = CompiledRegion.define(loaded.classBytes(), RegionEmitter.classData(again), 1);
        assertEquals(1, region.length);

        // other content: a miss
        assertNull(cache.load(RegionCache.key(List.of(trace(8, 11)))));
    }

    @Test
    void aDamagedFileIsAMiss(@TempDir Path dir) throws IOException {
        RegionCache cache = RegionCache.open(dir);
        List<TraceInfo> blocks = List.of(trace(3, 5));
        byte[] key = RegionCache.key(blocks);
        cache.store(key, new RegionCache.Entry(RegionCompiler.generate(blocks).bytes(), 1));
        try (var files = Files.list(dir)) {
            Path file = files.findFirst().orElseThrow();
            byte[] content = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));
        }
        assertNull(cache.load(key));
    }

    /** One flipped bit anywhere after the header (traces, block count, class bytes, digest) is a miss. */
    @Test
    void aFlippedBitIsAMiss(@TempDir Path dir) throws IOException {
        RegionCache cache = RegionCache.open(dir);
        List<TraceInfo> blocks = List.of(trace(3, 5));
        byte[] key = RegionCache.key(blocks);
        byte[] classBytes = RegionCompiler.generate(blocks).bytes();
        cache.store(key, new RegionCache.Entry(classBytes, 1));
        Path file;
        try (var files = Files.list(dir)) {
            file = files.findFirst().orElseThrow();
        }
        byte[] good = Files.readAllBytes(file);
        assertNotNull(cache.load(key), "the stored region loads");
        for (int at : new int[] {good.length - 1, good.length - 33, good.length - 40 - classBytes.length / 2}) {
            byte[] bad = good.clone();
            bad[at] ^= 0x10;
            Files.write(file, bad);
            assertNull(cache.load(key), "a bit flipped at byte " + at);
        }
    }
}
