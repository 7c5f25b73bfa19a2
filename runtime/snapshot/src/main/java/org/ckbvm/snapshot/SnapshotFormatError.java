package org.ckbvm.snapshot;

import java.util.List;

/**
 * Why {@link SnapshotCodec} refused snapshot bytes (or a snapshot value it was asked to write).
 * Every reason is its own record so that callers and tests can tell them apart; {@link #message()}
 * names the offending field, with its index in a repeated field, e.g. {@code dirty_pages[3].address}.
 * Field paths use the names in {@code snapshot.proto}.
 */
public sealed interface SnapshotFormatError {

    /** A one-line human description naming the field. */
    String message();

    /** Not a protobuf message: truncated, a malformed varint or tag, invalid UTF-8, nesting too deep. */
    record Unparseable(String detail) implements SnapshotFormatError {
        public String message() { return "not a snapshot message: " + detail; }
    }

    /**
     * Fields this reader does not know, including known numbers with a wrong wire type. Protobuf
     * would keep and re-emit them silently; we refuse them.
     */
    record UnknownFields(String field, List<Integer> fieldNumbers) implements SnapshotFormatError {
        public UnknownFields {
            fieldNumbers = List.copyOf(fieldNumbers);
        }
        public String message() { return "unknown fields " + fieldNumbers + " in " + field; }
    }

    record MissingHeader() implements SnapshotFormatError {
        public String message() { return "header is missing"; }
    }

    /** {@code header.format_version} is not the version this build reads. The value is unsigned. */
    record UnsupportedFormatVersion(long version) implements SnapshotFormatError {
        public String message() {
            return "header.format_version " + version + " is not supported (expected "
                    + SnapshotHeader.FORMAT_VERSION + ")";
        }
    }

    record BadMachineVersion(long version) implements SnapshotFormatError {
        public String message() { return "header.machine_version " + version + " is not 0, 1 or 2"; }
    }

    record BadIsa(long isa) implements SnapshotFormatError {
        public String message() { return "header.isa 0x" + Long.toHexString(isa) + " has bits outside 0b111"; }
    }

    /** The cost model id, cut to 64 characters so a hostile string cannot flood logs. */
    record BadCostModel(String costModel) implements SnapshotFormatError {
        public String message() { return "header.cost_model '" + costModel + "' is not 'ckb' or 'unit'"; }
    }

    /** The size as an unsigned 64-bit value. */
    record BadMemorySize(long memorySize) implements SnapshotFormatError {
        public String message() {
            return "header.memory_size " + Long.toUnsignedString(memorySize)
                    + " is not a positive multiple of 4096 up to 1 GiB";
        }
    }

    /** {@code kind} is UNSPECIFIED (0) or a number the schema does not list. */
    record BadKind(int kind) implements SnapshotFormatError {
        public String message() { return "kind " + kind + " is not V1 (1) or V2 (2)"; }
    }

    record BadRegisterCount(int count) implements SnapshotFormatError {
        public String message() { return "registers has " + count + " values, expected 32"; }
    }

    record BadStateRootLength(int length) implements SnapshotFormatError {
        public String message() { return "state_root is " + length + " bytes, expected 32"; }
    }

    /** A source id that is not 32 bytes: {@code field} is {@code sources[i]} or {@code source_pages[i].source_id}. */
    record BadSourceIdLength(String field, int length) implements SnapshotFormatError {
        public String message() { return field + " is " + length + " bytes, expected 32"; }
    }

    record BadPageFlags(String field, int flags) implements SnapshotFormatError {
        public String message() {
            return field + " 0x" + Integer.toHexString(flags) + " has bits outside FREEZED|EXECUTABLE|DIRTY (0b111)";
        }
    }

    /** An address, length or content length that is not a multiple of 4096 (unsigned value). */
    record RangeNotPageAligned(String field, long value) implements SnapshotFormatError {
        public String message() {
            return field + " " + Long.toUnsignedString(value) + " is not a multiple of 4096";
        }
    }

    /** A page range of length 0: {@code field} is its length or content. */
    record EmptyRange(String field) implements SnapshotFormatError {
        public String message() { return field + " is empty; a page range holds at least one page"; }
    }

    /** {@code address + length > header.memory_size} (all unsigned, no overflow). */
    record RangeOutOfBounds(String range, long address, long length, long memorySize) implements SnapshotFormatError {
        public String message() {
            return range + " [0x" + Long.toHexString(address) + ", +0x" + Long.toHexString(length)
                    + ") is outside memory of " + memorySize + " bytes";
        }
    }

    /** {@code offset + length} of a source range passes u64. */
    record SourceOffsetOverflow(String range, long offset, long length) implements SnapshotFormatError {
        public String message() {
            return range + " offset " + Long.toUnsignedString(offset) + " + length " + length + " overflows u64";
        }
    }

    /** A source range names a blob that is not in {@code sources}. */
    record UnlistedSource(String range, String sourceIdHex) implements SnapshotFormatError {
        public String message() { return range + ".source_id 0x" + sourceIdHex + " is not in sources"; }
    }

    /** A range does not start after the previous range of the same list starts. */
    record RangesOutOfOrder(String range, String previous) implements SnapshotFormatError {
        public String message() { return range + " does not come after " + previous + " in address order"; }
    }

    /** Two ranges share a page, within one list or across source_pages and dirty_pages. */
    record RangesOverlap(String range, String other) implements SnapshotFormatError {
        public String message() { return range + " overlaps " + other; }
    }

    record V1WithSourcePages(int count) implements SnapshotFormatError {
        public String message() { return "a V1 snapshot has no source pages, got " + count + " source_pages"; }
    }

    record V1MultiPageRange(String range, int length) implements SnapshotFormatError {
        public String message() { return "a V1 snapshot carries one page per entry, " + range + " has " + length + " bytes"; }
    }

    /**
     * Valid content in a byte string the writer would never produce (fields out of order,
     * repeated or explicitly zero, registers not packed, overlong varints). Refused so that one
     * snapshot has exactly one encoding.
     */
    record NonCanonicalEncoding(String detail) implements SnapshotFormatError {
        public String message() { return "not the canonical encoding: " + detail; }
    }
}
