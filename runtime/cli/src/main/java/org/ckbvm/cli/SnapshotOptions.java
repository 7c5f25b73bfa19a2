package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.ckbvm.snapshot.Snapshot;

import picocli.CommandLine.Option;

/** {@code --snapshot-out FILE [--snapshot-kind v1|v2]}: where a stop on the cycle limit is saved. */
final class SnapshotOptions {
    @Option(names = "--snapshot-out", paramLabel = "FILE",
            description = "Write a snapshot here when the cycle limit stops the machine.")
    Path snapshotOut;

    @Option(names = "--snapshot-kind", paramLabel = "v1|v2", defaultValue = "v2", converter = Values.SnapshotKind.class,
            description = "v1 (every page as content) or v2 (pages still equal to a source are referenced) (default: ${DEFAULT-VALUE}).")
    String kind;

    Snapshot.Kind kind() {
        return kind.equals("v1") ? Snapshot.Kind.V1 : Snapshot.Kind.V2;
    }

    /** Checks, before anything runs, that the snapshot could be written where asked. */
    void checkOutput() {
        if (snapshotOut != null) {
            Values.checkWritableFile("--snapshot-out", snapshotOut);
        }
    }

    /** Writes encoded snapshot bytes atomically (temp file, then rename) and returns their size. */
    static long write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".snapshot", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return bytes.length;
    }
}
