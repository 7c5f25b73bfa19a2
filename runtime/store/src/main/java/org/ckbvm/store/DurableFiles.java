package org.ckbvm.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Files and folders made durable before we say so. A new name, a rename or a removal is durable
 * only once its folder is synced (POSIX fsync; a power cut may otherwise undo it even when the
 * file's own data was synced), so every such change here is followed by a sync of the folder.
 * Found by {@code StorePowerLossTest}: without it a power cut could lose the store folder itself
 * or the version file.
 */
final class DurableFiles {
    private DurableFiles() {}

    /** Writes {@code file} complete or not at all: a synced temporary file, a rename, a folder sync. */
    static void write(Path file, byte[] bytes) throws StoreException {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), ".ckbvm", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer);
                }
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            syncFolder(target.getParent());
        } catch (IOException e) {
            throw io("writing " + target, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is named .ckbvm*.tmp; nothing else refers to it
                }
            }
        }
    }

    /**
     * Creates {@code dir} and any missing parents, syncing the folder that holds each new one, so
     * that the whole path survives a power cut once this returns.
     */
    static void createFolders(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            return;
        }
        Path parent = absolute.getParent();
        if (parent != null) {
            createFolders(parent);
        }
        try {
            Files.createDirectory(absolute);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw e;
            }
            // created at the same moment by someone else: their folder sync or ours makes it durable
        }
        if (parent != null) {
            syncFolder(parent);
        }
    }

    /** fsync of a folder: makes the creations, renames and removals in it durable. */
    static void syncFolder(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static StoreException io(String what, IOException e) {
        return new StoreException(new StoreError.Io(what, String.valueOf(e.getMessage())), e);
    }
}
