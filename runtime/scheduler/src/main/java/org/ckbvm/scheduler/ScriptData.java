package org.ckbvm.scheduler;

import java.util.List;
import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;

/**
 * The transaction's data as spawn and exec see it: ckb-script's {@code SgData::load_data} under
 * this project's data model (docs/SPAWN.md §11): cell dep i is the run's i-th source; inputs,
 * outputs and witnesses exist but are empty, so every other piece is missing.
 */
final class ScriptData {
    private final DataSource dataSource;
    private final List<SourceId> sources;

    ScriptData(DataSource dataSource, List<SourceId> sources) {
        this.dataSource = dataSource;
        this.sources = List.copyOf(sources);
    }

    /** The blob a piece names, if the transaction has that item. */
    Optional<SourceId> source(DataPiece piece) {
        if (piece.kind() == DataPiece.Kind.CELL_DEP && piece.index() < sources.size()) {
            return Optional.of(sources.get((int) piece.index()));
        }
        return Optional.empty();
    }

    /** The full length of the item ({@code load_data(piece, 0, 0)}), or -1 when it is missing. */
    long length(DataPiece piece) {
        Optional<SourceId> id = source(piece);
        if (id.isEmpty()) {
            return -1;
        }
        // one byte asked for: the full length comes with any slice, the blob is not copied
        return dataSource.load(id.get(), 0, 1).map(DataSlice::fullLength).orElse(-1L);
    }

    private byte[] blob(SourceId id) {
        return dataSource.load(id, 0, 0).orElseThrow(() -> new VmException(
                new VmError.SnapshotDataLoadError("data source has no blob " + id))).bytes();
    }

    /**
     * {@code Snapshot2Context::load_data(piece, offset, length)} for a program: the slice (offset
     * clamped to the item's length, length 0 = to the end, a longer length cut), with the blob it
     * comes from and where in it the slice starts, so its pages can be tracked as that blob's.
     */
    Program program(DataLocation location) {
        SourceId id = source(location.piece()).orElseThrow(() -> new VmException(new VmError.SnapshotDataLoadError(
                "no data at " + location.piece().kind() + " " + location.piece().index())));
        byte[] blob = blob(id);
        long start = Long.compareUnsigned(location.offset(), blob.length) > 0 ? blob.length : location.offset();
        return new Program(id, start, DataSlice.of(blob, location.offset(), location.length()).bytes());
    }

    /**
     * Cell dep {@code index} (an unsigned u64, as ckb's {@code index as usize}) with its data, for
     * version 1's exec ({@code Exec::fetch_cell} then {@code load_cell_data}); empty when there is
     * no such cell dep. A listed source the data source lacks fails as ckb's
     * {@code Unexpected("Unexpected load_cell_data failed ..")}.
     */
    Optional<Cell> cellDep(long index) {
        if (Long.compareUnsigned(index, sources.size()) >= 0) {
            return Optional.empty();
        }
        SourceId id = sources.get((int) index);
        byte[] bytes = dataSource.load(id, 0, 0).orElseThrow(() -> new VmException(
                new VmError.Unexpected("Unexpected load_cell_data failed " + id))).bytes();
        return Optional.of(new Cell(id, bytes));
    }

    /** A cell dep's blob and its content. */
    record Cell(SourceId id, byte[] data) {}

    /** A program slice: {@code elf} is blob {@code source} from byte {@code offset} on. */
    record Program(SourceId source, long offset, byte[] elf) {}
}
