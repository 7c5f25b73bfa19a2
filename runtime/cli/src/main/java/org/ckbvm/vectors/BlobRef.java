package org.ckbvm.vectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;

import org.ckbvm.hash.CkbHash;

/**
 * A file a vector needs, by path (relative to the {@code testvectors/} folder) and CKB hash of its
 * content (64 lower-case hex digits), so a consumer can tell a changed file from a changed machine.
 */
public record BlobRef(String path, String hash) {

    /** The reference to {@code path} under {@code root}, its bytes read once into {@code files}. */
    static BlobRef of(String path, Path root, Map<String, byte[]> files) {
        byte[] bytes = files.computeIfAbsent(path, p -> {
            try {
                return Files.readAllBytes(root.resolve(p));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        });
        return new BlobRef(path, HexFormat.of().formatHex(CkbHash.hash(bytes)));
    }
}
