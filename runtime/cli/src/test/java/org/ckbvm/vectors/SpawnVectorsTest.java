package org.ckbvm.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The multi-VM vectors ({@code testvectors/vectors/spawn/}): regenerating them gives the committed
 * files byte for byte, every one passes the checker of {@code vectors verify}, and they say what
 * {@code programs/spawn/expected.json} (the scheduler model's figures) says.
 */
class SpawnVectorsTest {

    static Path dir() {
        return VectorsVerifyTest.dir().resolve(SpawnVectorGenerator.DIR);
    }

    static List<SpawnVector> committed() throws IOException {
        List<SpawnVector> all = new ArrayList<>();
        for (Path file : VectorChecker.spawnFiles(VectorsVerifyTest.dir())) {
            all.addAll(SpawnVectorJson.read(Files.readString(file, StandardCharsets.UTF_8)));
        }
        return all;
    }

    @Test
    void regeneratingReproducesTheCommittedFilesExactly() throws IOException {
        SortedMap<String, String> generated = SpawnVectorGenerator.generate(TestVectors.root());
        SortedMap<String, String> committed = new TreeMap<>();
        for (Path p : VectorChecker.spawnFiles(VectorsVerifyTest.dir())) {
            committed.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
        assertEquals(generated.keySet(), committed.keySet(), "the set of multi-VM vector files");
        for (String file : generated.keySet()) {
            String[] want = committed.get(file).split("\n", -1);
            String[] got = generated.get(file).split("\n", -1);
            for (int i = 0; i < Math.min(want.length, got.length); i++) {
                assertEquals(want[i], got[i], "spawn/" + file + " line " + (i + 1)
                        + " (run `java -jar runtime/target/ckbvm.jar vectors generate` only for a deliberate change)");
            }
            assertEquals(committed.get(file), generated.get(file), file);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedVectorPasses() throws IOException {
        VectorChecker checker = new VectorChecker(ExecutionTarget.REFERENCE);
        List<SpawnVector> vectors = committed();
        assertEquals(64, vectors.size(), "two vectors per run of programs/spawn/expected.json");
        return vectors.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            VectorChecker.Result r = checker.check(v, TestVectors.root());
            assertTrue(r.passed(), r.line());
        }));
    }

    @Test
    void everyVectorEndsAsTheModelSays() throws IOException {
        JsonNode runs = new ObjectMapper().readTree(TestVectors.root().resolve("programs/spawn/expected.json").toFile());
        List<String> want = new ArrayList<>();
        for (JsonNode run : runs) {
            String outcome = run.get("status").asText().equals("exited")
                    ? "exited " + run.get("exit_code").asInt() : "error " + run.get("error").asText();
            want.add(outcome + " cycles=" + run.get("cycles").asLong());
        }
        List<String> oneShot = new ArrayList<>();
        List<String> split = new ArrayList<>();
        for (SpawnVector v : committed()) {
            ScriptObservation f = v.fin();
            String got = (f.status() == Outcome.Status.EXITED ? "exited " + f.exitCode() : "error " + f.error())
                    + " cycles=" + f.cycles();
            (v.name().endsWith(VectorGenerator.SPLIT_SUFFIX) ? split : oneShot).add(got);
        }
        // files are in name order, expected.json in its own: compare as sorted lists
        assertEquals(want.stream().sorted().toList(), oneShot.stream().sorted().toList());
        assertEquals(want.stream().sorted().toList(), split.stream().sorted().toList(),
                "a split run ends exactly as one uninterrupted run");
    }

    @Test
    void theSplitsStopWithSeveralVmsAliveAndAtBothKindsOfStop() throws IOException {
        int mostAlive = 0;
        int severalAlive = 0;
        int vmInTheMiddle = 0;
        int betweenRuns = 0;
        for (SpawnVector v : committed()) {
            for (SpawnVector.Step s : v.segments()) {
                ScriptObservation o = s.expect();
                if (!o.resumable()) {
                    continue;
                }
                mostAlive = Math.max(mostAlive, o.vms().size());
                severalAlive += o.vms().size() > 1 ? 1 : 0;
                if (o.scheduler().runningVm() != null) {
                    vmInTheMiddle++;
                } else if (o.vms().size() > 1) {
                    betweenRuns++;
                }
            }
        }
        assertEquals(17, mostAlive, "spawn_max_vms reaches ckb's 17 live VMs");
        assertTrue(severalAlive >= 20, "stops with several VMs alive: " + severalAlive);
        assertTrue(vmInTheMiddle >= 20, "stops in the middle of a VM's run: " + vmInTheMiddle);
        assertTrue(betweenRuns >= 15, "stops between VM runs: " + betweenRuns);
    }
}
