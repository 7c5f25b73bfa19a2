package org.ckbvm.store;

import java.util.List;
import java.util.Optional;

import org.ckbvm.plugin.api.TxHash;

/**
 * The result of re-checking a whole store: one result per stored execution (fully read back,
 * reassembled and resumed to its state root), and every store-wide inconsistency found (a
 * reference without its execution or content, content nobody references, a live-bytes counter
 * that disagrees with the entries).
 */
public record VerifyReport(List<EntryResult> entries, List<String> problems, long quarantined) {
    public VerifyReport {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /** One execution: passed, or failed with the reason. */
    public record EntryResult(TxHash tx, Optional<String> failure) {}

    public long passed() {
        return entries.stream().filter(e -> e.failure().isEmpty()).count();
    }

    /** Failed executions plus store-wide problems. */
    public long failed() {
        return entries.stream().filter(e -> e.failure().isPresent()).count() + problems.size();
    }

    public boolean ok() {
        return failed() == 0;
    }
}
