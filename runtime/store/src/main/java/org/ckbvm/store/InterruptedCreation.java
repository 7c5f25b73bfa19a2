package org.ckbvm.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A store folder whose creation a power cut interrupted: RocksDB writes CURRENT (synced, renamed,
 * folder synced) before it accepts a write, so a folder without CURRENT never held data, but the
 * files written before it (found by the power-loss tests: LOCK, LOG and IDENTITY alone) would
 * otherwise make the folder unusable for ever. Both stores recognise and clear such a folder.
 */
final class InterruptedCreation {
    /** Added to a {@code NoStore} message for such a folder. */
    static final String SAYS = " (creation was interrupted; it holds nothing)";

    private InterruptedCreation() {}

    /**
     * The files of an interrupted creation in {@code dir} (no CURRENT), or null if it holds
     * anything else; {@code versionFile} is the store's own marker file, written by
     * {@link DurableFiles} during creation.
     */
    static List<Path> debris(Path dir, String versionFile) throws IOException {
        Pattern creationFiles = Pattern.compile("LOCK|LOG|LOG\\.old\\.\\d+|IDENTITY|" + Pattern.quote(versionFile)
                + "|MANIFEST-\\d+|OPTIONS-\\d+|\\d+\\.log|(OPTIONS-)?\\d+\\.dbtmp|\\.ckbvm\\d+\\.tmp");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        || !creationFiles.matcher(p.getFileName().toString()).matches()) {
                    return null;
                }
                files.add(p);
            }
        }
        return files;
    }

    /** Removes an interrupted creation's files (unless a process still holds its lock), then syncs the folder. */
    static void clear(Path dir, List<Path> debris) throws IOException, StoreException {
        if (debris.isEmpty()) {
            return;
        }
        Path lock = dir.resolve("LOCK");
        if (Files.exists(lock)) {
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
                 FileLock held = ch.tryLock()) {
                if (held == null) {
                    throw new StoreException(new StoreError.InUse(dir.toString(), "another process is creating it"));
                }
            } catch (OverlappingFileLockException e) {
                throw new StoreException(new StoreError.InUse(dir.toString(), "this process is creating it"));
            }
        }
        for (Path p : debris) {
            Files.deleteIfExists(p);
        }
        DurableFiles.syncFolder(dir);
    }
}
