package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The store runs no machine: no source file or compiled class of {@code org.ckbvm.store} may
 * name {@code machine}, {@code elf}, {@code syscall}, the layer above it ({@code suspension}) or
 * {@code snapshot.SuspendableMachine}. Sources catch imports javac would drop as unused; class
 * files catch fully qualified names in code. No ArchUnit: a text scan is enough for a rule this
 * plain.
 */
class StoreImportsTest {
    /** Forbidden package or class prefixes, in source (dotted) form. */
    static final List<String> FORBIDDEN = List.of("org.ckbvm.machine.", "org.ckbvm.elf.", "org.ckbvm.syscall.",
            "org.ckbvm.suspension.", "org.ckbvm.snapshot.SuspendableMachine");

    @Test
    void noSourceFileOfTheStoreNamesAMachinePackage() throws IOException {
        Path sources = Path.of("src/main/java/org/ckbvm/store");
        assertTrue(Files.isDirectory(sources), "run from the runtime module: " + sources.toAbsolutePath());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(importViolations(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void noCompiledClassOfTheStoreReferencesAMachinePackage() throws IOException, URISyntaxException {
        Path classes = Path.of(SnapshotStore.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("org/ckbvm/store");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                // Class names sit in the constant pool as modified UTF-8, ASCII for these names.
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).replace('/', '.');
                found.addAll(violations(f.getFileName().toString(), text));
            }
        }
        assertEquals(List.of(), found);
    }

    @Test
    void theScansCatchAForbiddenName() {
        assertEquals(List.of("X.java: org.ckbvm.machine."), importViolations("X.java",
                "package org.ckbvm.store;\n/** see org.ckbvm.machine.Foo */\nimport org.ckbvm.machine.MachineConfig;\n"));
        assertEquals(List.of("X.java: org.ckbvm.snapshot.SuspendableMachine"),
                importViolations("X.java", "import static org.ckbvm.snapshot.SuspendableMachine.resume;"));
        assertEquals(List.of(), importViolations("X.java", "// org.ckbvm.suspension.ResumeProof\n"
                + "import org.ckbvm.snapshot.Snapshot;\nimport org.ckbvm.memory.Memory;"));
        assertEquals(List.of("X.class: org.ckbvm.snapshot.SuspendableMachine"),
                violations("X.class", "Lorg/ckbvm/snapshot/SuspendableMachine;".replace('/', '.')));
    }

    /** Forbidden names on import lines (comments may mention the layer above). */
    static List<String> importViolations(String file, String source) {
        List<String> out = new ArrayList<>();
        for (String line : source.split("\n")) {
            if (line.strip().startsWith("import ")) {
                out.addAll(violations(file, line));
            }
        }
        return out;
    }

    static List<String> violations(String file, String text) {
        List<String> out = new ArrayList<>();
        for (String prefix : FORBIDDEN) {
            if (text.contains(prefix)) {
                out.add(file + ": " + prefix);
            }
        }
        return out;
    }
}
