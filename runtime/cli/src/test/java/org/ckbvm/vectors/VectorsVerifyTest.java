package org.ckbvm.vectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** {@code mvn verify} replays every committed vector with the same checker as {@code vectors verify}. */
class VectorsVerifyTest {

    static Path dir() {
        return TestVectors.root().resolve("vectors");
    }

    @TestFactory
    Stream<DynamicTest> everyCommittedVectorPasses() throws IOException {
        VectorChecker checker = new VectorChecker(ExecutionTarget.REFERENCE);
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files = VectorChecker.files(dir());
        assertTrue(files.size() > 50, "vector files expected in " + dir());
        for (Path file : files) {
            List<Vector> vectors = VectorJson.read(Files.readString(file, StandardCharsets.UTF_8));
            for (Vector v : vectors) {
                tests.add(DynamicTest.dynamicTest(v.name(), () -> {
                    VectorChecker.Result r = checker.check(v, TestVectors.root());
                    assertTrue(r.passed(), r.line());
                }));
            }
        }
        return tests.stream();
    }
}
