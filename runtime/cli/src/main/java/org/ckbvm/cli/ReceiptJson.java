package org.ckbvm.cli;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.Receipt;

/** A receipt as one JSON object (fixed field order), for the {@code node}, {@code demo} and {@code chain} commands. */
final class ReceiptJson {
    private ReceiptJson() {}

    static Map<String, Object> of(Receipt receipt) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("tx", receipt.txHash().toString());
        f.put("execution", receipt.execution().toString());
        if (receipt instanceof Receipt.Completed c) {
            f.put("receipt", "completed");
            f.put("exit_code", 0);
            f.put("segments", c.segments());
            f.put("state_root", "0x" + HexFormat.of().formatHex(c.stateRoot()));
        } else if (receipt instanceof Receipt.Suspended s) {
            f.put("receipt", "suspended");
            f.put("segments", s.segments());
            f.put("state_root", "0x" + HexFormat.of().formatHex(s.stateRoot()));
            f.put("snapshot_bytes", s.snapshotBytes());
        } else if (receipt instanceof Receipt.Cancelled) {
            f.put("receipt", "cancelled");
        } else {
            ExecutionError error = receipt instanceof Receipt.Failed failed ? failed.error()
                    : ((Receipt.Rejected) receipt).error();
            f.put("receipt", receipt instanceof Receipt.Failed ? "failed" : "rejected");
            f.put("error", error.getClass().getSimpleName());
            f.put("message", error.message());
        }
        f.put("gas_used", RunOutcome.unsigned(receipt.gasUsed()));
        f.put("segment_cycles", RunOutcome.unsigned(receipt.segmentCycles()));
        f.put("total_cycles", RunOutcome.unsigned(receipt.totalCycles()));
        return f;
    }
}
