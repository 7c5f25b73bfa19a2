package org.ckbvm.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.source.SourceContext;
import org.junit.jupiter.api.Test;

/**
 * CKB's source argument (ckb-script {@code Source::parse_from_u64} and {@code fetch_cell}): the
 * entry in the low 56 bits, "group" only for a top byte of exactly 0x01, group cell deps and
 * group header deps valid but always INDEX_OUT_OF_BOUND, any other entry a VM error.
 */
class SourceSelectorTest {
    private static final SourceId A = CkbHash.sourceId(new byte[] {1});
    private static final SourceId B = CkbHash.sourceId(new byte[] {2});
    private static final SourceContext CONTEXT = new SourceContext((id, o, l) -> Optional.empty(), List.of(A, B), 1024);

    @Test
    void transactionCellDepsSelectTheTransactionsSources() {
        assertEquals(Optional.of(A), SourceSelector.select(CONTEXT, 0, 3));
        assertEquals(Optional.of(B), SourceSelector.select(CONTEXT, 1, 3));
        assertEquals(Optional.empty(), SourceSelector.select(CONTEXT, 2, 3));
        // a top byte other than 0x01 is not "group": still the transaction's cell deps
        assertEquals(Optional.of(B), SourceSelector.select(CONTEXT, 1, 0x0200_0000_0000_0003L));
        assertEquals(Optional.of(A), SourceSelector.select(CONTEXT, 0, 0xFF00_0000_0000_0003L));
    }

    @Test
    void everyOtherValidSourceIsEmpty() {
        long[] empty = {1, 2, 4, 0x0100_0000_0000_0001L, 0x0100_0000_0000_0002L,
                0x0100_0000_0000_0003L, 0x0100_0000_0000_0004L, 0x0300_0000_0000_0004L};
        for (long source : empty) {
            assertEquals(Optional.empty(), SourceSelector.select(CONTEXT, 0, source), Long.toHexString(source));
        }
    }

    @Test
    void anInvalidEntryFailsTheScript() {
        long[] invalid = {0, 5, 0x0100_0000_0000_0000L, 0x0100_0000_0000_0005L, 0x0000_0100_0000_0003L, -1};
        for (long source : invalid) {
            VmException e = assertThrows(VmException.class, () -> SourceSelector.select(CONTEXT, 0, source));
            assertInstanceOf(VmError.External.class, e.error(), Long.toHexString(source));
        }
    }
}
