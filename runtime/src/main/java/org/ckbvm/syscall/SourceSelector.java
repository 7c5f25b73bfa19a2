package org.ckbvm.syscall;

import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.SourceContext;

/**
 * Resolves CKB's (index, source) syscall arguments to one of the transaction's sources.
 *
 * <p>CKB's source encoding: 1 = input, 2 = output, 3 = cell dep, 4 = header dep, optionally ORed
 * with {@code 0x0100_0000_0000_0000} ("group"). Our transactions name their blobs as cell deps: with
 * source 3, index i selects the i-th source the transaction names (in the CLI, the i-th
 * {@code --source} file). Inputs, outputs, header deps and the input/output groups are valid but
 * empty, so any index there is INDEX_OUT_OF_BOUND, as CKB answers for a missing item. Any other
 * source value (including a "group" cell dep, which CKB refuses) is a VM error that fails the
 * script, as in CKB.
 */
final class SourceSelector {
    static final long INPUT = 1;
    static final long OUTPUT = 2;
    static final long CELL_DEP = 3;
    static final long HEADER_DEP = 4;
    static final long GROUP_FLAG = 0x0100_0000_0000_0000L;

    private SourceSelector() {}

    /** The selected source, or empty for INDEX_OUT_OF_BOUND; throws for an invalid source value. */
    static Optional<SourceId> select(SourceContext context, long index, long source) {
        if (source == CELL_DEP) {
            return context.transactionSource(index);
        }
        if (source == INPUT || source == OUTPUT || source == HEADER_DEP
                || source == (INPUT | GROUP_FLAG) || source == (OUTPUT | GROUP_FLAG)) {
            return Optional.empty();
        }
        throw new VmException(new VmError.External("invalid source 0x" + Long.toHexString(source)));
    }
}
