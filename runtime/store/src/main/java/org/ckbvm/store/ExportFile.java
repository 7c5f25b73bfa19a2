package org.ckbvm.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.proto.store.ExportedExecution;

/**
 * The self-contained file {@code store export} writes and {@code store import} reads: one
 * suspended execution with its metadata, its snapshot in SnapshotCodec bytes (the
 * {@code ckbvm.v1.Snapshot} protobuf) and every blob it needs. Layout version 2 (STORE_FORMAT.md):
 * <pre>
 *   "CKBVMEXP"  u32 version (big-endian)  body: ckbvm.store.v2.ExportedExecution (store.proto)
 *   CKB hash (32) of everything before it
 * </pre>
 * The magic and version stay outside the protobuf so that a file of another version is refused by
 * name before anything is parsed; the body is decoded strictly ({@link StrictProto}). A blob's id
 * is not stored: it is the hash of the blob, recomputed on read.
 */
final class ExportFile {
    static final int VERSION = 2;
    private static final byte[] MAGIC = "CKBVMEXP".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 12;
    private static final int HASH = 32;

    record Contents(TxHash tx, ExecutionMetadata metadata, byte[] snapshot, SortedMap<ContentKey, byte[]> blobs) {
        Contents {
            blobs = Collections.unmodifiableSortedMap(new TreeMap<>(blobs));
        }
    }

    private ExportFile() {}

    static byte[] encode(Contents c) {
        ExportedExecution.Builder b = ExportedExecution.newBuilder().setTx(wrap(c.tx().bytes()))
                .setMetadata(RecordCodec.metadata(c.metadata())).setSnapshot(wrap(c.snapshot()));
        c.blobs().values().forEach(blob -> b.addBlobs(wrap(blob)));
        ExportedExecution message = b.build();
        long size = (long) HEADER + message.getSerializedSize() + HASH;
        if (size > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("export of " + size + " bytes does not fit one file buffer");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).put(MAGIC).putInt(VERSION).put(StrictProto.serialize(message));
        byte[] file = out.array();
        out.put(CkbHash.hash(file, 0, file.length - HASH));
        return file;
    }

    static Contents decode(byte[] file) throws StoreFormatException {
        if (file.length < HEADER + HASH || !Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new StoreFormatException("does not start with 'CKBVMEXP'");
        }
        int version = ByteBuffer.wrap(file, MAGIC.length, 4).getInt();
        if (version != VERSION) {
            throw new StoreFormatException("export format version " + Integer.toUnsignedString(version)
                    + " is not " + VERSION + (Integer.compareUnsigned(version, VERSION) > 0 ? " (written by a newer ckbvm)" : ""));
        }
        int end = file.length - HASH;
        if (!Arrays.equals(CkbHash.hash(file, 0, end), 0, HASH, file, end, file.length)) {
            throw new StoreFormatException("checksum mismatch: the file is truncated or altered");
        }
        byte[] body = Arrays.copyOfRange(file, HEADER, end);
        ExportedExecution m;
        try {
            m = ExportedExecution.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreFormatException("export body does not parse: " + e.getMessage());
        }
        StrictProto.requireCanonical(m, body, "export body");
        TxHash tx = TxHash.of(StrictProto.exactly(m.getTx(), HASH, "tx hash"));
        if (!m.hasMetadata()) {
            throw new StoreFormatException("export body has no metadata");
        }
        ExecutionMetadata metadata = RecordCodec.metadata(m.getMetadata());
        if (m.getSnapshot().isEmpty()) {
            throw new StoreFormatException("export body has no snapshot");
        }
        TreeMap<ContentKey, byte[]> blobs = new TreeMap<>();
        ContentKey previous = null;
        for (int i = 0; i < m.getBlobsCount(); i++) {
            ByteString blob = m.getBlobs(i);
            if (blob.isEmpty()) {
                throw new StoreFormatException("blob " + i + " is empty");
            }
            byte[] bytes = blob.toByteArray();
            ContentKey id = new ContentKey(CkbHash.hash(bytes));
            if (previous != null && previous.compareTo(id) >= 0) {
                throw new StoreFormatException("blobs are not in ascending id order at blob " + i);
            }
            blobs.put(id, bytes);
            previous = id;
        }
        return new Contents(tx, metadata, m.getSnapshot().toByteArray(), blobs);
    }

    private static ByteString wrap(byte[] bytes) {
        return UnsafeByteOperations.unsafeWrap(bytes);
    }
}
