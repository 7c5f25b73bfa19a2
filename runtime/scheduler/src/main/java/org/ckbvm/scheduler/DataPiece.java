package org.ckbvm.scheduler;

import java.util.Optional;

/**
 * Where spawn and exec take a program from: ckb-script's {@code DataPieceId} (docs/SPAWN.md §3),
 * a kind of transaction item and its index (a u32).
 */
record DataPiece(Kind kind, long index) {

    enum Kind { INPUT, OUTPUT, CELL_DEP, GROUP_INPUT, GROUP_OUTPUT, WITNESS, WITNESS_GROUP_INPUT, WITNESS_GROUP_OUTPUT }

    static final long GROUP_FLAG = 0x0100_0000_0000_0000L;
    private static final long GROUP_MASK = 0xFF00_0000_0000_0000L;
    private static final long ENTRY_MASK = 0x00FF_FFFF_FFFF_FFFFL;
    private static final long INPUT = 1;
    private static final long OUTPUT = 2;
    private static final long CELL_DEP = 3;
    private static final long HEADER_DEP = 4;
    private static final long PLACE_CELL_DATA = 0;
    private static final long PLACE_WITNESS = 1;

    /**
     * {@code DataPieceId::try_from((source, index, place))}: the raw source value, no masking; an
     * index above {@code u32::MAX}, a source or a place not in the table is not a data piece.
     */
    static Optional<DataPiece> of(long source, long index, long place) {
        if (Long.compareUnsigned(index, 0xFFFF_FFFFL) > 0) {
            return Optional.empty();
        }
        Kind kind = null;
        if (place == PLACE_CELL_DATA) {
            if (source == INPUT) {
                kind = Kind.INPUT;
            } else if (source == OUTPUT) {
                kind = Kind.OUTPUT;
            } else if (source == CELL_DEP) {
                kind = Kind.CELL_DEP;
            } else if (source == (GROUP_FLAG | INPUT)) {
                kind = Kind.GROUP_INPUT;
            } else if (source == (GROUP_FLAG | OUTPUT)) {
                kind = Kind.GROUP_OUTPUT;
            }
        } else if (place == PLACE_WITNESS) {
            if (source == INPUT || source == OUTPUT) {
                kind = Kind.WITNESS;
            } else if (source == (GROUP_FLAG | INPUT)) {
                kind = Kind.WITNESS_GROUP_INPUT;
            } else if (source == (GROUP_FLAG | OUTPUT)) {
                kind = Kind.WITNESS_GROUP_OUTPUT;
            }
        }
        return kind == null ? Optional.empty() : Optional.of(new DataPiece(kind, index));
    }

    /**
     * The source as spawn rebuilds it before {@link #of} ({@code Spawn::ecall}): checked by
     * {@code Source::parse_from_u64} (an entry other than 1 to 4 is the VM error
     * {@code External("SourceEntry parse_from_u64 N")}), then flag | entry for a group source (top
     * byte exactly 0x01), the entry alone for any other top byte.
     *
     * @return the rebuilt source, or -1 (no valid source is -1) for an invalid entry
     */
    static long normalizedSource(long source) {
        long entry = source & ENTRY_MASK;
        if (!isValidEntry(entry)) {
            return -1;
        }
        return (source & GROUP_MASK) == GROUP_FLAG ? entry | GROUP_FLAG : entry;
    }

    /** Whether the low 56 bits are one of {@code SourceEntry}'s four values. */
    static boolean isValidEntry(long entry) {
        return entry >= INPUT && entry <= HEADER_DEP;
    }

    /** The message of the VM error {@code Source::parse_from_u64} raises for {@code source}. */
    static String invalidSourceMessage(long source) {
        return "SourceEntry parse_from_u64 " + Long.toUnsignedString(source & ENTRY_MASK);
    }

    static boolean isGroup(long source) {
        return (source & GROUP_MASK) == GROUP_FLAG;
    }

    static boolean isCellDep(long source) {
        return (source & ENTRY_MASK) == CELL_DEP;
    }
}
