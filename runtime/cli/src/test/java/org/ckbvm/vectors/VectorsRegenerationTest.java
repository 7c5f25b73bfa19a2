package org.ckbvm.vectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.Test;

/**
 * Regenerating the vectors must give the committed files byte for byte, so a behaviour change
 * cannot slip in by regenerating quietly: it shows up here (or as a diff someone must commit).
 */
class VectorsRegenerationTest {

    @Test
    void regeneratingReproducesTheCommittedFilesExactly() throws IOException {
        SortedMap<String, String> generated = VectorGenerator.generate(TestVectors.root());
        SortedMap<String, String> committed = new TreeMap<>();
        for (Path p : VectorChecker.files(VectorsVerifyTest.dir())) {
            committed.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
        }
        assertEquals(generated.keySet(), committed.keySet(), "the set of vector files");
        for (String file : generated.keySet()) {
            // compare line by line first, so a failure names the first differing line
            String[] want = committed.get(file).split("\n", -1);
            String[] got = generated.get(file).split("\n", -1);
            for (int i = 0; i < Math.min(want.length, got.length); i++) {
                assertEquals(want[i], got[i], file + " line " + (i + 1)
                        + " (run `java -jar runtime/target/ckbvm.jar vectors generate` only for a deliberate change)");
            }
            assertEquals(committed.get(file), generated.get(file), file);
        }
    }
}
