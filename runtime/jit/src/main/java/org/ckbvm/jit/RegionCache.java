package org.ckbvm.jit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.ckbvm.machine.TraceInfo;
import org.objectweb.asm.ClassWriter;

/**
 * Translated regions kept across processes: a folder of files, one per region, named by a hash
 * of the translator's version and the region's traces, holding those traces in full (compared
 * exactly when loaded, so a hash collision or a damaged file is a miss, never a wrong region), the
 * class bytes {@link RegionEmitter} wrote for them and a {@link Fingerprint} of it all (a damaged byte in
 * the class is a miss too). A fresh process that meets code it has
 * translated before defines the stored class instead of generating it again (in a fresh JVM the
 * generator itself still runs slowly, interpreted).
 *
 * <p>The bytes depend only on the traces' content (addresses, decoded items, lengths, cycles,
 * instruction counts) and on the translator, never on the process: trace ids, which the class
 * checks trace-cache slots against, come as class data at definition. The translator's version
 * is a fingerprint of the class files of the emitter and of ASM's writer, so any change to how bytecode
 * is written starts a fresh set of files. The class is verified by the JVM when it is defined,
 * as every region is. Off unless the system property {@code ckbvm.jit.cache} names a folder
 * ({@code bin/ckbvm} sets it to the user's cache folder); failures to read or write only cost the
 * time the cache would have saved.
 */
final class RegionCache {
    private static final byte[] MAGIC = {'C', 'K', 'B', 'V', 'M', 'R', 'G', '2'};
    private static final Class<?>[] TRANSLATOR = {JitEmitter.class, AluEmitter.class, RegionEmitter.class,
        JitRuntime.class, ClassWriter.class};

    /** A stored region: the class bytes and how many of the formed blocks they translate. */
    record Entry(byte[] classBytes, int blocks) {}

    /** A folder holding this many files gets no more (the cache only saves time; it must not fill a disk). */
    static final int MAX_FILES = 50_000;

    private final Path folder;
    private final byte[] version;
    private final boolean full;

    private RegionCache(Path folder, byte[] version, boolean full) {
        this.folder = folder;
        this.version = version;
        this.full = full;
    }

    /** The cache named by {@code ckbvm.jit.cache}, or null. */
    static RegionCache open() {
        String dir = System.getProperty("ckbvm.jit.cache");
        return dir == null || dir.isBlank() ? null : open(Path.of(dir));
    }

    /** A cache in this folder for this translator, or null if its version cannot be read. */
    static RegionCache open(Path folder) {
        try {
            Fingerprint translator = new Fingerprint();
            for (Class<?> c : TRANSLATOR) {
                try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    if (in == null) {
                        return null;
                    }
                    translator.update(in.readAllBytes());
                }
            }
            boolean full = false;
            if (Files.isDirectory(folder)) {
                try (var files = Files.list(folder)) {
                    full = files.limit(MAX_FILES).count() >= MAX_FILES;
                }
            }
            return new RegionCache(folder, translator.digest(), full);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** What a region is made from: every block's content, in block order. */
    static byte[] key(List<TraceInfo> blocks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + blocks.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(blocks.size());
            for (TraceInfo t : blocks) {
                out.writeLong(t.address);
                out.writeInt(t.length);
                out.writeLong(t.cycles);
                out.writeInt(t.instructions);
                out.writeInt(t.items.length);
                for (long item : t.items) {
                    out.writeLong(item);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private Path file(byte[] key) {
        byte[] name = new Fingerprint().update(version).update(key).digest();
        return folder.resolve(HexFormat.of().formatHex(name) + ".region");
    }

    /** The region stored for exactly these blocks by this translator, or null. */
    Entry load(byte[] key) {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file(key)))) {
            byte[] magic = exactly(in, MAGIC.length);
            byte[] storedVersion = exactly(in, version.length);
            byte[] storedKey = exactly(in, in.readInt());
            if (!Arrays.equals(magic, MAGIC) || !Arrays.equals(storedVersion, version) || !Arrays.equals(storedKey, key)) {
                return null;
            }
            int blocks = in.readInt();
            byte[] classBytes = exactly(in, in.readInt());
            byte[] digest = exactly(in, DIGEST_LENGTH);
            // the class bytes themselves are checked too: a damaged byte in the bytecode could
            // still verify and compute something else
            return in.read() == -1 && blocks > 0 && Arrays.equals(digest, digest(key, blocks, classBytes))
                    ? new Entry(classBytes, blocks) : null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static final int DIGEST_LENGTH = 16;

    /** The fingerprint of what a record holds besides its header: the key, the block count and the class. */
    private byte[] digest(byte[] key, int blocks, byte[] classBytes) {
        byte[] count = {(byte) (blocks >>> 24), (byte) (blocks >>> 16), (byte) (blocks >>> 8), (byte) blocks};
        return new Fingerprint().update(version).update(key).update(count).update(classBytes).digest();
    }

    /** n bytes, or EOFException: a file cut short is a miss, not a shorter class. */
    private static byte[] exactly(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > (64 << 20)) {
            throw new IOException("bad length " + n);
        }
        byte[] bytes = new byte[n];
        in.readFully(bytes);
        return bytes;
    }

    /** Stores a region (written to a temporary file, then moved into place whole). */
    void store(byte[] key, Entry entry) {
        if (full) {
            return;
        }
        try {
            Files.createDirectories(folder);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.classBytes().length + key.length + 64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                out.write(version);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(entry.blocks());
                out.writeInt(entry.classBytes().length);
                out.write(entry.classBytes());
                out.write(digest(key, entry.blocks(), entry.classBytes()));
            }
            Path target = file(key);
            Path temp = Files.createTempFile(folder, target.getFileName().toString(), ".tmp");
            try {
                Files.write(temp, bytes.toByteArray());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the next process translates this region again
        }
    }
}
