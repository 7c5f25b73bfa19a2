package org.ckbvm.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.proto.store.Metadata;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protobuf records and export files (store.proto) are decoded strictly, as SnapshotCodec
 * decodes snapshots: unknown fields, missing required fields and non-canonical bytes are refused
 * even under a valid CRC or hash, and one value has one encoding.
 */
class StoreRecordFormatTest {
    private static StoreFixtures fx;
    private static Snapshot snapshot;
    private static ExecutionRecord record;
    private static byte[] value;

    @BeforeAll
    static void makeRecord() {
        fx = new StoreFixtures();
        snapshot = fx.suspendedAt(700_000, 1);
        record = ExecutionRecord.split(StoreFixtures.meta("alice", 7, 0), snapshot, SnapshotCodec.encode(snapshot),
                new TreeMap<>());
        value = record.encode();
    }

    @Test
    void aRecordHasExactlyOneEncodingAndReadsBackEqual() throws Exception {
        assertArrayEquals(value, ExecutionRecord.split(StoreFixtures.meta("alice", 7, 0), snapshot,
                SnapshotCodec.encode(snapshot), new TreeMap<>()).encode(), "deterministic");
        ExecutionRecord back = ExecutionRecord.decode(value);
        assertEquals(record, back);
        assertEquals(0L, back.metadata().createdAtBlock().getAsLong(), "block 0 is present, not absent");
        assertArrayEquals(value, back.encode());
    }

    @Test
    void aFlippedBitFailsTheCrc() {
        byte[] flipped = value.clone();
        flipped[flipped.length / 2] ^= 1;
        assertRefused(flipped, "checksum");
    }

    @Test
    void unknownFieldsAreRefusedEvenUnderAValidCrc() {
        // field 99, varint 1: a field this build does not know
        assertRefused(withCrc(concat(body(), new byte[] {(byte) 0x98, 0x06, 0x01})), "unknown fields");
        // the same inside the metadata: field 1 (metadata) is the first field written
        org.ckbvm.proto.store.ExecutionRecord m = parse();
        Metadata meta = m.getMetadata().toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(42, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(5).build()).build()).build();
        assertRefused(withCrc(m.toBuilder().setMetadata(meta).build().toByteArray()), "unknown fields");
    }

    @Test
    void missingRequiredFieldsAreRefused() {
        assertRefused(withCrc(parse().toBuilder().clearMetadata().build().toByteArray()), "no metadata");
        assertRefused(withCrc(parse().toBuilder().clearHeader().build().toByteArray()), "no machine header");
        assertRefused(withCrc(parse().toBuilder().clearStateRoot().build().toByteArray()), "state root of 0 bytes");
        assertRefused(withCrc(parse().toBuilder().clearKind().build().toByteArray()), "kind 0");
        assertRefused(withCrc(parse().toBuilder().clearRegisters()
                .addAllRegisters(parse().getRegistersList().subList(0, 31)).build().toByteArray()), "31 registers");
    }

    @Test
    void nonCanonicalBytesAreRefused() {
        // a second snapshot_length (field 2): protobuf keeps the last, the canonical form has one
        byte[] again = concat(body(), new byte[] {0x10, 0x05});
        assertRefused(withCrc(again), "canonical");
        // a default value written explicitly (field 8, cycles = 0 would be omitted)
        assertRefused(withCrc(concat(body(), new byte[] {0x40, 0x00})), "canonical");
    }

    @Test
    void exportBodiesAreStrictToo() throws Exception {
        ExportFile.Contents contents = new ExportFile.Contents(StoreFixtures.tx(1), record.metadata(),
                SnapshotCodec.encode(snapshot), new TreeMap<>());
        byte[] file = ExportFile.encode(contents);
        assertArrayEquals(file, ExportFile.encode(ExportFile.decode(file)), "one encoding");
        byte[] body = Arrays.copyOfRange(file, 12, file.length - 32);
        StoreFormatException unknown = assertThrows(StoreFormatException.class,
                () -> ExportFile.decode(rehash(concat(body, new byte[] {(byte) 0x98, 0x06, 0x01}))));
        assertTrue(unknown.getMessage().contains("unknown fields"), unknown.getMessage());
        byte[] noMeta = org.ckbvm.proto.store.ExportedExecution.parseFrom(body).toBuilder().clearMetadata().build()
                .toByteArray();
        StoreFormatException missing = assertThrows(StoreFormatException.class, () -> ExportFile.decode(rehash(noMeta)));
        assertTrue(missing.getMessage().contains("no metadata"), missing.getMessage());
    }

    private static void assertRefused(byte[] bytes, String why) {
        StoreFormatException e = assertThrows(StoreFormatException.class, () -> ExecutionRecord.decode(bytes));
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    private static byte[] body() {
        return Arrays.copyOf(value, value.length - 4);
    }

    private static org.ckbvm.proto.store.ExecutionRecord parse() {
        try {
            return org.ckbvm.proto.store.ExecutionRecord.parseFrom(body());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] withCrc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    /** An export file around {@code body}, with a correct magic, version and hash. */
    private static byte[] rehash(byte[] body) {
        byte[] head = ByteBuffer.allocate(12).put("CKBVMEXP".getBytes()).putInt(ExportFile.VERSION).array();
        byte[] unhashed = concat(head, body);
        return concat(unhashed, CkbHash.hash(unhashed));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
