package org.ckbvm.scheduler;

/**
 * A program to boot: ckb-script's {@code DataLocation}, a data piece cut by spawn's or exec's
 * bounds argument ({@code offset << 32 | length}; a length of 0 means to the end).
 */
record DataLocation(DataPiece piece, long offset, long length) {

    /** Splits a bounds argument: the offset in the high 32 bits, the length in the low 32. */
    static DataLocation of(DataPiece piece, long bounds) {
        return new DataLocation(piece, bounds >>> 32, bounds & 0xFFFF_FFFFL);
    }
}
