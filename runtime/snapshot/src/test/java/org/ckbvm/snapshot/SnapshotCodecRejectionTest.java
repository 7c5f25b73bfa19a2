package org.ckbvm.snapshot;

import static org.ckbvm.snapshot.SnapshotSamples.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;

import org.ckbvm.memory.Memory;
import org.ckbvm.proto.DirtyPages;
import org.ckbvm.proto.SourcePages;
import org.ckbvm.snapshot.SnapshotFormatError.*;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per rejection reason, each bad message built with the generated builders or from raw
 * bytes. The v2 sample: sources [a, b, c, a]; source_pages 0x10000 (3 pages, a), 0x20000 (1, b),
 * 0x30000 (2, a); dirty_pages 0x13000 (1), 0x21000 (2), 4 MiB - 4096 (1).
 */
class SnapshotCodecRejectionTest {

    private static byte[] raw(int... bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }

    private static UnknownFieldSet unknownVarint(int field) {
        return UnknownFieldSet.newBuilder()
                .addField(field, UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build();
    }

    // ---- not protobuf -----------------------------------------------------------------------

    @Test
    void malformedBytesAreUnparseable() {
        rejected(Unparseable.class, raw(0xff));                    // a tag varint cut short
        rejected(Unparseable.class, raw(0x0a, 0x05));              // header: 5 bytes announced, none present
        rejected(Unparseable.class, raw(0x00));                    // field number 0
        rejected(Unparseable.class, raw(0x9c, 0x06));              // an end-group tag with no group open
        rejected(Unparseable.class, raw(0x0f));                    // wire type 7 does not exist
        rejected(Unparseable.class, raw(0x21, 1, 2, 3));           // pc: fixed64 with 3 of 8 bytes
    }

    @Test
    void hugeDeclaredLengthsAreUnparseableWithoutAllocatingThem() {
        int[] maxInt = {0xff, 0xff, 0xff, 0xff, 0x07};
        rejected(Unparseable.class, concat(raw(0x5a), raw(maxInt)));               // state_root
        rejected(Unparseable.class, concat(raw(0x1a), raw(maxInt)));               // packed registers
        rejected(Unparseable.class, concat(raw(0x52, 0x06, 0x1a), raw(maxInt)));   // dirty_pages[0].content
        // A length of 2^64 - 1: negative as a Java int.
        rejected(Unparseable.class, raw(0x5a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01));
    }

    @Test
    void invalidUtf8InTheCostModelIsUnparseable() {
        rejected(Unparseable.class, raw(0x0a, 0x04, 0x22, 0x02, 0xc3, 0x28));
    }

    @Test
    void deeplyNestedGroupsAreUnparseableNotAStackOverflow() {
        byte[] bytes = new byte[200_000];
        for (int i = 0; i < bytes.length; i += 2) {
            bytes[i] = (byte) 0x9b; // field 99, start group
            bytes[i + 1] = 0x06;
        }
        rejected(Unparseable.class, bytes);
    }

    // ---- unknown fields ---------------------------------------------------------------------

    @Test
    void unknownTopLevelFieldIsRejected() {
        byte[] bytes = concat(SnapshotCodec.encode(v2()), raw(0x98, 0x06, 0x01)); // field 99 = 1
        assertEquals(new UnknownFields("snapshot", List.of(99)), rejected(UnknownFields.class, bytes));
    }

    @Test
    void knownNumberWithTheWrongWireTypeIsAnUnknownField() {
        byte[] bytes = concat(SnapshotCodec.encode(v2()), raw(0x20, 0x01)); // pc (fixed64) as a varint
        assertEquals(new UnknownFields("snapshot", List.of(4)), rejected(UnknownFields.class, bytes));
    }

    @Test
    void unknownFieldInTheHeaderIsRejected() {
        var b = v2Builder();
        b.getHeaderBuilder().setUnknownFields(unknownVarint(6));
        assertEquals(new UnknownFields("header", List.of(6)), rejected(UnknownFields.class, b));
    }

    @Test
    void unknownFieldInAPageRangeIsRejected() {
        var b = v2Builder();
        b.getSourcePagesBuilder(1).setUnknownFields(unknownVarint(6));
        assertEquals(new UnknownFields("source_pages[1]", List.of(6)), rejected(UnknownFields.class, b));

        b = v2Builder();
        b.getDirtyPagesBuilder(2).setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(4, UnknownFieldSet.Field.newBuilder().addFixed32(7).build())
                .addField(1000, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build())
                .build());
        assertEquals(new UnknownFields("dirty_pages[2]", List.of(4, 1000)), rejected(UnknownFields.class, b));
    }

    // ---- header -----------------------------------------------------------------------------

    @Test
    void missingHeaderIsRejected() {
        rejected(MissingHeader.class, v2Builder().clearHeader());
        rejected(MissingHeader.class, new byte[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2, 100, -1})
    void unsupportedFormatVersionIsRejected(int version) {
        var b = v2Builder();
        b.getHeaderBuilder().setFormatVersion(version);
        assertEquals(Integer.toUnsignedLong(version), rejected(UnsupportedFormatVersion.class, b).version());
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 255, -1})
    void machineVersionOutside0To2IsRejected(int version) {
        var b = v2Builder();
        b.getHeaderBuilder().setMachineVersion(version);
        assertEquals(Integer.toUnsignedLong(version), rejected(BadMachineVersion.class, b).version());
    }

    @ParameterizedTest
    @ValueSource(ints = {0b1000, 0b1111, 0x100, Integer.MIN_VALUE})
    void isaWithBitsOutside0b111IsRejected(int isa) {
        var b = v2Builder();
        b.getHeaderBuilder().setIsa(isa);
        assertEquals(Integer.toUnsignedLong(isa), rejected(BadIsa.class, b).isa());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CKB", "Unit", "ckb ", "constant", "ckb\0"})
    void unknownCostModelIsRejected(String costModel) {
        var b = v2Builder();
        b.getHeaderBuilder().setCostModel(costModel);
        assertEquals(costModel, rejected(BadCostModel.class, b).costModel());
    }

    @Test
    void longCostModelIsQuotedShort() {
        var b = v2Builder();
        b.getHeaderBuilder().setCostModel("x".repeat(100_000));
        assertTrue(rejected(BadCostModel.class, b).message().length() < 200);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 4095, 4097, (1L << 30) + 4096, 1L << 31, Long.MIN_VALUE, -4096, -1})
    void badMemorySizeIsRejected(long memorySize) {
        var b = v2Builder();
        b.getHeaderBuilder().setMemorySize(memorySize);
        assertEquals(memorySize, rejected(BadMemorySize.class, b).memorySize());
    }

    // ---- kind, registers, root, sources -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 100, -1})
    void unspecifiedOrUnknownKindIsRejected(int kind) {
        assertEquals(kind, rejected(BadKind.class, v2Builder().setKindValue(kind)).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void wrongRegisterCountIsRejected(int count) {
        var b = v2Builder().clearRegisters();
        for (int i = 0; i < count; i++) {
            b.addRegisters(i);
        }
        assertEquals(count, rejected(BadRegisterCount.class, b).count());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 33, 64})
    void wrongStateRootLengthIsRejected(int length) {
        assertEquals(length, rejected(BadStateRootLength.class, v2Builder().setStateRoot(bytes(length, 7))).length());
    }

    @Test
    void wrongSourceIdLengthIsRejected() {
        assertEquals(new BadSourceIdLength("sources[1]", 31),
                rejected(BadSourceIdLength.class, v2Builder().setSources(1, bytes(31, 1))));
        assertEquals(new BadSourceIdLength("sources[3]", 0),
                rejected(BadSourceIdLength.class, v2Builder().addSources(ByteString.EMPTY).setSources(3, ByteString.EMPTY)));
        var b = v2Builder();
        b.getSourcePagesBuilder(2).setSourceId(bytes(33, 1));
        assertEquals(new BadSourceIdLength("source_pages[2].source_id", 33), rejected(BadSourceIdLength.class, b));
    }

    // ---- one page range -----------------------------------------------------------------------

    @Test
    void flagsOutside0b111AreRejected() {
        var b = v2Builder();
        b.getSourcePagesBuilder(0).setFlags(8);
        assertEquals(new BadPageFlags("source_pages[0].flags", 8), rejected(BadPageFlags.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(1).setFlags(Integer.MIN_VALUE);
        assertEquals(new BadPageFlags("dirty_pages[1].flags", Integer.MIN_VALUE), rejected(BadPageFlags.class, b));
    }

    @Test
    void unalignedAddressOrLengthIsRejected() {
        var b = v2Builder();
        b.getSourcePagesBuilder(0).setAddress(0x10001);
        assertEquals(new RangeNotPageAligned("source_pages[0].address", 0x10001), rejected(RangeNotPageAligned.class, b));
        b = v2Builder();
        b.getSourcePagesBuilder(1).setLength(PAGE + 1);
        assertEquals(new RangeNotPageAligned("source_pages[1].length", PAGE + 1), rejected(RangeNotPageAligned.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(0).setAddress(0x13800);
        assertEquals(new RangeNotPageAligned("dirty_pages[0].address", 0x13800), rejected(RangeNotPageAligned.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(1).setContent(bytes(PAGE + 1, 0));
        assertEquals(new RangeNotPageAligned("dirty_pages[1].content", PAGE + 1), rejected(RangeNotPageAligned.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(1).setContent(bytes(PAGE - 1, 0));
        assertEquals(new RangeNotPageAligned("dirty_pages[1].content", PAGE - 1), rejected(RangeNotPageAligned.class, b));
    }

    @Test
    void emptyRangeIsRejected() {
        var b = v2Builder();
        b.getSourcePagesBuilder(0).setLength(0);
        assertEquals(new EmptyRange("source_pages[0].length"), rejected(EmptyRange.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(1).setContent(ByteString.EMPTY);
        assertEquals(new EmptyRange("dirty_pages[1].content"), rejected(EmptyRange.class, b));
    }

    @Test
    void rangePastTheEndOfMemoryIsRejected() {
        long size = Memory.DEFAULT_SIZE;
        var b = v2Builder();
        b.getDirtyPagesBuilder(2).setAddress(size);
        assertEquals(new RangeOutOfBounds("dirty_pages[2]", size, PAGE, size), rejected(RangeOutOfBounds.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(2).setAddress(size - PAGE).setContent(bytes(2 * PAGE, 0));
        rejected(RangeOutOfBounds.class, b);
        b = v2Builder();
        b.getSourcePagesBuilder(2).setLength(size - 0x30000 + PAGE);
        rejected(RangeOutOfBounds.class, b);
    }

    @Test
    void rangeWhoseEndOverflowsU64IsOutOfBounds() {
        // address + length wraps to 0x1000: a naive signed or unsigned sum would pass.
        var b = v2Builder();
        b.getSourcePagesBuilder(0).setAddress(0xFFFF_FFFF_FFFF_F000L).setLength(2 * PAGE);
        assertEquals(new RangeOutOfBounds("source_pages[0]", 0xFFFF_FFFF_FFFF_F000L, 2 * PAGE, Memory.DEFAULT_SIZE),
                rejected(RangeOutOfBounds.class, b));
        b = v2Builder();
        b.getSourcePagesBuilder(0).setLength(0xFFFF_FFFF_FFFF_F000L);
        rejected(RangeOutOfBounds.class, b);
        b = v2Builder();
        b.getSourcePagesBuilder(0).setAddress(Long.MIN_VALUE);
        rejected(RangeOutOfBounds.class, b);
    }

    @Test
    void sourceOffsetPlusLengthPastU64IsRejected() throws Exception {
        var b = v2Builder();
        b.getSourcePagesBuilder(1).setOffset(-PAGE); // 2^64 - 4096 + 4096 = 2^64
        assertEquals(new SourceOffsetOverflow("source_pages[1]", -PAGE, PAGE), rejected(SourceOffsetOverflow.class, b));
        b = v2Builder();
        b.getSourcePagesBuilder(1).setOffset(-PAGE - 1); // ends exactly at 2^64 - 1
        SnapshotCodec.decode(b.build().toByteArray());
    }

    @Test
    void sourceIdNotInTheSourceListIsRejected() {
        var b = v2Builder();
        b.getSourcePagesBuilder(1).setSourceId(ByteString.copyFrom(id(99).bytes()));
        assertEquals(new UnlistedSource("source_pages[1]", id(99).toHex()), rejected(UnlistedSource.class, b));
        // Removing b from the list orphans source_pages[1].
        var c = v2Builder().setSources(1, ByteString.copyFrom(id(12).bytes()));
        rejected(UnlistedSource.class, c);
    }

    // ---- ordering and overlap ---------------------------------------------------------------------

    @Test
    void rangesOutOfAddressOrderAreRejected() {
        var b = v2Builder();
        DirtyPages d0 = b.getDirtyPages(0);
        b.setDirtyPages(0, b.getDirtyPages(1)).setDirtyPages(1, d0);
        assertEquals(new RangesOutOfOrder("dirty_pages[1]", "dirty_pages[0]"), rejected(RangesOutOfOrder.class, b));
        b = v2Builder();
        SourcePages s2 = b.getSourcePages(2);
        b.setSourcePages(2, b.getSourcePages(1)).setSourcePages(1, s2);
        assertEquals(new RangesOutOfOrder("source_pages[2]", "source_pages[1]"), rejected(RangesOutOfOrder.class, b));
        // Equal addresses are out of order too (strictly ascending).
        b = v2Builder();
        b.getSourcePagesBuilder(2).setAddress(0x20000);
        rejected(RangesOutOfOrder.class, b);
    }

    @Test
    void overlapWithinOneListIsRejected() {
        var b = v2Builder();
        b.getDirtyPagesBuilder(2).setAddress(0x22000); // dirty_pages[1] covers 0x21000..0x23000
        assertEquals(new RangesOverlap("dirty_pages[2]", "dirty_pages[1]"), rejected(RangesOverlap.class, b));
        b = v2Builder();
        b.getSourcePagesBuilder(0).setLength(0x10000 + PAGE); // runs into source_pages[1] at 0x20000
        assertEquals(new RangesOverlap("source_pages[1]", "source_pages[0]"), rejected(RangesOverlap.class, b));
    }

    @Test
    void aPageIsNeverBothSourceAndDirty() {
        var b = v2Builder();
        b.getDirtyPagesBuilder(0).setAddress(0x12000); // inside source_pages[0], 0x10000..0x13000
        assertEquals(new RangesOverlap("dirty_pages[0]", "source_pages[0]"), rejected(RangesOverlap.class, b));
        b = v2Builder();
        b.getDirtyPagesBuilder(0).setAddress(0x10000); // same first page
        assertEquals(new RangesOverlap("source_pages[0]", "dirty_pages[0]"), rejected(RangesOverlap.class, b));
        b = v2Builder();
        b.getSourcePagesBuilder(2).setAddress(0x22000); // inside dirty_pages[1], 0x21000..0x23000
        assertEquals(new RangesOverlap("source_pages[2]", "dirty_pages[1]"), rejected(RangesOverlap.class, b));
    }

    @Test
    void oneLongRangeSpanningSeveralRangesOfTheOtherListIsRejected() {
        var b = v2Builder().clearDirtyPages()
                .addDirtyPages(DirtyPages.newBuilder().setAddress(0).setFlags(D).setContent(bytes(0x40000, 1)));
        assertEquals(new RangesOverlap("source_pages[0]", "dirty_pages[0]"), rejected(RangesOverlap.class, b));
        b = v2Builder().clearSourcePages().addSourcePages(SourcePages.newBuilder().setAddress(0x1000)
                .setSourceId(ByteString.copyFrom(id(10).bytes())).setLength(Memory.DEFAULT_SIZE - 2 * PAGE));
        assertEquals(new RangesOverlap("dirty_pages[0]", "source_pages[0]"), rejected(RangesOverlap.class, b));
    }

    // ---- V1 rules -----------------------------------------------------------------------------

    @Test
    void v1WithSourcePagesIsRejected() {
        var b = v1Builder().addSourcePages(SourcePages.newBuilder().setAddress(0x20000)
                .setSourceId(ByteString.copyFrom(id(1).bytes())).setLength(PAGE));
        assertEquals(new V1WithSourcePages(1), rejected(V1WithSourcePages.class, b));
    }

    @Test
    void v1DirtyRangeLongerThanOnePageIsRejected() {
        var b = v1Builder();
        b.getDirtyPagesBuilder(1).setContent(bytes(2 * PAGE, 3));
        assertEquals(new V1MultiPageRange("dirty_pages[1]", 2 * PAGE), rejected(V1MultiPageRange.class, b));
    }

    // ---- canonical encoding -------------------------------------------------------------------

    /** The canonical bytes of fields 1..lastField of {@code s}: serialization writes in number order. */
    private static byte[] fieldsUpTo(Snapshot s, int lastField) {
        var full = message(s);
        var b = org.ckbvm.proto.Snapshot.newBuilder();
        for (var field : full.getAllFields().entrySet()) {
            if (field.getKey().getNumber() <= lastField) {
                b.setField(field.getKey(), field.getValue());
            }
        }
        return b.build().toByteArray();
    }

    private static byte[] rest(byte[] full, byte[] prefix) {
        assertTrue(Arrays.equals(prefix, Arrays.copyOf(full, prefix.length)));
        return Arrays.copyOfRange(full, prefix.length, full.length);
    }

    @Test
    void repeatedFieldIsNonCanonical() {
        byte[] full = SnapshotCodec.encode(v2());
        byte[] rootAgain = org.ckbvm.proto.Snapshot.newBuilder().setStateRoot(ByteString.copyFrom(root(2))).build()
                .toByteArray();
        rejected(NonCanonicalEncoding.class, concat(full, rootAgain)); // same value, last one wins
    }

    @Test
    void secondHeaderMergedIntoTheFirstIsNonCanonical() {
        // Protobuf merges a repeated message field: this decodes to a valid snapshot with isa 0b100,
        // in bytes encode would never write for it.
        byte[] extra = org.ckbvm.proto.Snapshot.newBuilder()
                .setHeader(org.ckbvm.proto.MachineHeader.newBuilder().setIsa(0b100)).build().toByteArray();
        rejected(NonCanonicalEncoding.class, concat(SnapshotCodec.encode(v2()), extra));
    }

    @Test
    void fieldsOutOfOrderAreNonCanonical() {
        Snapshot s = v2();
        byte[] rootFirst = org.ckbvm.proto.Snapshot.newBuilder().setStateRoot(ByteString.copyFrom(root(2))).build()
                .toByteArray();
        byte[] others = message(s).toBuilder().clearStateRoot().build().toByteArray();
        rejected(NonCanonicalEncoding.class, concat(rootFirst, others));
    }

    @Test
    void explicitDefaultValueIsNonCanonical() throws IOException {
        Snapshot s = new Snapshot(Snapshot.Kind.V1, v1().header(),
                new MachineRegisters(registers(1), 0, 1, 2, 3), List.of(), List.of(), List.of(), root(1));
        byte[] full = SnapshotCodec.encode(s);
        byte[] prefix = fieldsUpTo(s, 3);
        ByteArrayOutputStream pc = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(pc);
        out.writeFixed64(4, 0); // written although it is the default
        out.flush();
        rejected(NonCanonicalEncoding.class, concat(prefix, pc.toByteArray(), rest(full, prefix)));
    }

    @Test
    void unpackedRegistersAreNonCanonical() throws IOException {
        Snapshot s = v2();
        byte[] full = SnapshotCodec.encode(s);
        byte[] before = fieldsUpTo(s, 2);
        byte[] through = fieldsUpTo(s, 3);
        ByteArrayOutputStream unpacked = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(unpacked);
        for (long r : s.state().registers()) {
            out.writeFixed64(3, r);
        }
        out.flush();
        rejected(NonCanonicalEncoding.class, concat(before, unpacked.toByteArray(), rest(full, through)));
    }

    @Test
    void overlongVarintIsNonCanonical() {
        Snapshot s = v2();
        byte[] full = SnapshotCodec.encode(s);
        byte[] header = fieldsUpTo(s, 1);
        byte[] withKind = fieldsUpTo(s, 2);
        assertEquals(2, withKind.length - header.length); // tag 0x10, value 2
        rejected(NonCanonicalEncoding.class, concat(header, raw(0x10, 0x82, 0x00), rest(full, withKind)));
    }
}
