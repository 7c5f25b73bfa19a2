package org.ckbvm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates the repository's {@code testvectors/} folder from tests. */
public final class TestVectors {
    private TestVectors() {}

    public static Path root() {
        String configured = System.getProperty("ckbvm.testvectors");
        Path candidate = configured != null ? Paths.get(configured) : Paths.get("..", "..", "testvectors");
        if (!Files.isDirectory(candidate)) {
            candidate = Paths.get("testvectors");
        }
        if (!Files.isDirectory(candidate)) {
            throw new IllegalStateException("testvectors folder not found (set -Dckbvm.testvectors)");
        }
        return candidate.toAbsolutePath().normalize();
    }

    public static Path elf(String name) {
        return root().resolve("elf").resolve(name);
    }
}
