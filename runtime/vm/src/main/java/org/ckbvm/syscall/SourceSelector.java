package org.ckbvm.syscall;

import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.SourceContext;

/**
 * Resolves CKB's (index, source) syscall arguments to one of the transaction's sources.
 *
 * <p>CKB's source encoding (ckb-script {@code Source::parse_from_u64}): the low 56 bits are the
 * entry, 1 = input, 2 = output, 3 = cell dep, 4 = header dep, anything else a VM error that fails
 * the script; the top byte {@code 0x01} makes it a "group" source, any other top byte is ignored
 * (a plain transaction source). Our transactions name their blobs as cell deps: with the
 * transaction cell dep source, index i selects the i-th source the transaction names (in the CLI,
 * the i-th {@code --source} file). Every other source is valid but empty: inputs, outputs and
 * header deps have no items here, and CKB answers INDEX_OUT_OF_BOUND for a group cell dep or
 * group header dep whatever the index ({@code fetch_cell}: {@code Source::Group(CellDep) =>
 * Err(INDEX_OUT_OF_BOUND)}).
 */
final class SourceSelector {
    static final long INPUT = 1;
    static final long OUTPUT = 2;
    static final long CELL_DEP = 3;
    static final long HEADER_DEP = 4;
    static final long GROUP_FLAG = 0x0100_0000_0000_0000L;
    private static final long GROUP_MASK = 0xFF00_0000_0000_0000L;
    private static final long ENTRY_MASK = 0x00FF_FFFF_FFFF_FFFFL;

    private SourceSelector() {}

    /** The selected source, or empty for INDEX_OUT_OF_BOUND; throws for an invalid source value. */
    static Optional<SourceId> select(SourceContext context, long index, long source) {
        long entry = source & ENTRY_MASK;
        if (entry < INPUT || entry > HEADER_DEP) {
            throw new VmException(new VmError.External("invalid source 0x" + Long.toHexString(source)));
        }
        boolean group = (source & GROUP_MASK) == GROUP_FLAG;
        if (entry == CELL_DEP && !group) {
            return context.transactionSource(index);
        }
        return Optional.empty();
    }
}
