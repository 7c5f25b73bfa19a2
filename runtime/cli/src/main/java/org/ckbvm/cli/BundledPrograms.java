package org.ckbvm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The built-in benchmark programs as the jar carries them ({@code /demo/elf/NAME}, packed by the
 * simulation module), for {@code bench} run outside the repository: each is copied once into a
 * private temporary folder (a peer and qemu need a file), which is removed when the JVM exits.
 */
final class BundledPrograms {
    private BundledPrograms() {}

    private static Path folder;

    static synchronized Path file(String name) {
        try (InputStream in = BundledPrograms.class.getResourceAsStream("/demo/elf/" + name)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the built-in program " + name
                        + " is neither under ./testvectors/elf nor in the jar (give --testvectors DIR)"));
            }
            if (folder == null) {
                folder = Files.createTempDirectory("ckbvm-bench-");
                deleteAtExit(folder);
            }
            Path file = folder.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a temporary folder of bench's (and what it holds) when the JVM exits. */
    static void deleteAtExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
    }

    private static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
