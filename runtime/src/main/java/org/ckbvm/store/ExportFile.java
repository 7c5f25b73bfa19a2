package org.ckbvm.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.ByteReader.FormatException;

/**
 * The self-contained file {@code store export} writes and {@code store import} reads: one
 * suspended execution with its metadata, its snapshot in SnapshotCodec bytes (the
 * {@code ckbvm.v1.Snapshot} protobuf, so an auditor can decode it with the published schema), and
 * every blob it needs. Layout version 1 (STORE_FORMAT.md):
 * <pre>
 *   "CKBVMEXP"  u32 version  tx(32)  metadata  u32 n  snapshot(n)
 *   u32 blobCount  { u32 length  blob(length) } ascending by source id, distinct
 *   CKB hash (32) of everything before it
 * </pre>
 * A blob's id is not stored: it is the hash of the blob, recomputed on read.
 */
final class ExportFile {
    static final int VERSION = 1;
    private static final byte[] MAGIC = "CKBVMEXP".getBytes(StandardCharsets.US_ASCII);

    record Contents(TxHash tx, ExecutionMetadata metadata, byte[] snapshot, SortedMap<ContentKey, byte[]> blobs) {
        Contents {
            blobs = Collections.unmodifiableSortedMap(new TreeMap<>(blobs));
        }
    }

    private ExportFile() {}

    static byte[] encode(Contents c) {
        long size = 128L + c.snapshot().length;
        for (byte[] blob : c.blobs().values()) {
            size += 4L + blob.length;
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("export of " + size + " bytes does not fit one file buffer");
        }
        ByteWriter w = new ByteWriter((int) size);
        w.bytes(MAGIC).u32(VERSION).bytes(c.tx().bytes());
        ExecutionRecord.writeMetadata(w, c.metadata());
        w.u32(c.snapshot().length).bytes(c.snapshot());
        w.u32(c.blobs().size());
        for (byte[] blob : c.blobs().values()) {
            w.u32(blob.length).bytes(blob);
        }
        w.bytes(CkbHash.hash(w.buffer(), 0, w.size()));
        return w.toByteArray();
    }

    static Contents decode(byte[] file) throws FormatException {
        if (file.length < MAGIC.length + 4 + 32 || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new FormatException("does not start with 'CKBVMEXP'");
        }
        ByteReader header = new ByteReader(file, MAGIC.length, file.length);
        int version = header.u32();
        if (version != VERSION) {
            throw new FormatException("export format version " + Integer.toUnsignedString(version)
                    + " is not " + VERSION + (Integer.compareUnsigned(version, VERSION) > 0 ? " (written by a newer ckbvm)" : ""));
        }
        int body = file.length - 32;
        if (!Arrays.equals(CkbHash.hash(file, 0, body), 0, 32, file, body, file.length)) {
            throw new FormatException("checksum mismatch: the file is truncated or altered");
        }
        ByteReader r = new ByteReader(file, MAGIC.length + 4, body);
        TxHash tx = TxHash.of(r.bytes(32, "tx hash"));
        ExecutionMetadata metadata = ExecutionRecord.readMetadata(r);
        byte[] snapshot = r.bytes(r.count("snapshot bytes", 1), "snapshot");
        int blobCount = r.count("blobs", 4);
        TreeMap<ContentKey, byte[]> blobs = new TreeMap<>();
        ContentKey previous = null;
        for (int i = 0; i < blobCount; i++) {
            byte[] blob = r.bytes(r.count("blob bytes", 1), "blob");
            ContentKey id = new ContentKey(CkbHash.hash(blob));
            if (previous != null && previous.compareTo(id) >= 0) {
                throw new FormatException("blobs are not in ascending id order at blob " + i);
            }
            blobs.put(id, blob);
            previous = id;
        }
        r.requireEnd("export file");
        return new Contents(tx, metadata, snapshot, blobs);
    }
}
