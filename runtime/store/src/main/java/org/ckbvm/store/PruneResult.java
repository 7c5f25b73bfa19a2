package org.ckbvm.store;

import java.util.List;

import org.ckbvm.plugin.api.TxHash;

/**
 * What a prune removed (or, for a dry run, would remove), oldest first, and the store's live bytes
 * before and after (for a dry run, after is computed from the references the removal would free).
 */
public record PruneResult(List<TxHash> removed, long liveBytesBefore, long liveBytesAfter, boolean dryRun) {
    public PruneResult {
        removed = List.copyOf(removed);
    }
}
