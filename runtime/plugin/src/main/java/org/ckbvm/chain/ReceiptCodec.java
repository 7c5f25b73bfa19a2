package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;

/**
 * The canonical encoding of receipts, hashed into a block's receipts hash (specified in
 * {@code testvectors/STATE_ROOT.md}, "Receipts"). Only consensus facts are encoded: error kinds
 * and their structured fields, never free-text messages.
 * <pre>
 * u8 kind (1 Completed, 2 Suspended, 3 Cancelled, 4 Failed, 5 Rejected)
 * 32 tx hash, 32 execution, u64 gas used, u64 segment cycles, u64 total cycles
 * Completed: u32 segments, 32 state root
 * Suspended: u32 segments, 32 state root, u64 snapshot bytes
 * Failed, Rejected: error = u8 code, then
 *   1 VmFailure          u8 n + kind (ASCII)
 *   2 NonZeroExit        i32 exit code
 *   3 Unauthorized       20 sender, 32 execution
 *   4 UnknownExecution   32 execution
 *   5 InvalidTransaction (nothing)
 *   6 NonceMismatch      20 sender, u64 expected, u64 actual
 *   7 MissingSource      32 source id
 *   8 LimitExceeded      u8 n + limit name (ASCII)
 * receipts hash = H(u32 count || for each receipt: u32 length || encoding)
 * </pre>
 */
public final class ReceiptCodec {
    private ReceiptCodec() {}

    public static byte[] encode(Receipt receipt) {
        CanonicalWriter w = new CanonicalWriter();
        int kind = receipt instanceof Receipt.Completed ? 1 : receipt instanceof Receipt.Suspended ? 2
                : receipt instanceof Receipt.Cancelled ? 3 : receipt instanceof Receipt.Failed ? 4 : 5;
        w.u8(kind).fixed(receipt.txHash().bytes()).fixed(receipt.execution().bytes())
                .u64(receipt.gasUsed()).u64(receipt.segmentCycles()).u64(receipt.totalCycles());
        if (receipt instanceof Receipt.Completed c) {
            w.u32(c.segments()).fixed(c.stateRoot());
        } else if (receipt instanceof Receipt.Suspended s) {
            w.u32(s.segments()).fixed(s.stateRoot()).u64(s.snapshotBytes());
        } else if (receipt instanceof Receipt.Failed f) {
            error(w, f.error());
        } else if (receipt instanceof Receipt.Rejected r) {
            error(w, r.error());
        }
        return w.toByteArray();
    }

    private static void error(CanonicalWriter w, ExecutionError error) {
        if (error instanceof ExecutionError.VmFailure e) {
            w.u8(1).ascii(e.kind());
        } else if (error instanceof ExecutionError.NonZeroExit e) {
            w.u8(2).u32(e.exitCode());
        } else if (error instanceof ExecutionError.Unauthorized e) {
            w.u8(3).fixed(e.sender().bytes()).fixed(e.execution().bytes());
        } else if (error instanceof ExecutionError.UnknownExecution e) {
            w.u8(4).fixed(e.execution().bytes());
        } else if (error instanceof ExecutionError.InvalidTransaction) {
            w.u8(5);
        } else if (error instanceof ExecutionError.NonceMismatch e) {
            w.u8(6).fixed(e.sender().bytes()).u64(e.expected()).u64(e.actual());
        } else if (error instanceof ExecutionError.MissingSource e) {
            w.u8(7).fixed(e.id().bytes());
        } else if (error instanceof ExecutionError.LimitExceeded e) {
            w.u8(8).ascii(e.limit());
        } else {
            throw new IllegalStateException("unknown error " + error);
        }
    }

    /** The block's receipts hash. */
    public static byte[] hash(List<Receipt> receipts) {
        Blake2bDigest d = CkbHash.newDigest();
        byte[] count = new CanonicalWriter().u32(receipts.size()).toByteArray();
        d.update(count, 0, 4);
        for (Receipt r : receipts) {
            byte[] e = encode(r);
            byte[] length = new CanonicalWriter().u32(e.length).toByteArray();
            d.update(length, 0, 4);
            d.update(e, 0, e.length);
        }
        return CkbHash.finish(d);
    }

    /** The list of receipts as stored with a block: {@code u32 count, (u32 length, encoding)...}. */
    public static byte[] encodeAll(List<Receipt> receipts) {
        CanonicalWriter w = new CanonicalWriter().u32(receipts.size());
        receipts.forEach(r -> w.bytes(encode(r)));
        return w.toByteArray();
    }

    /**
     * Decodes stored receipts. Free-text parts that the encoding leaves out come back as
     * {@code ""} (a VmFailure's detail, an InvalidTransaction's reason, a LimitExceeded's detail).
     */
    public static List<Receipt> decodeAll(byte[] bytes) throws CanonicalReader.MalformedException {
        CanonicalReader all = new CanonicalReader(bytes, "receipts");
        int n = all.count(4);
        List<Receipt> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(decode(all.bytes()));
        }
        all.end();
        return out;
    }

    static Receipt decode(byte[] bytes) throws CanonicalReader.MalformedException {
        CanonicalReader r = new CanonicalReader(bytes, "receipt");
        int kind = r.u8();
        TxHash tx = TxHash.of(r.fixed(32));
        TxHash execution = TxHash.of(r.fixed(32));
        long gas = r.u64();
        long segment = r.u64();
        long total = r.u64();
        Receipt receipt;
        switch (kind) {
            case 1 -> receipt = new Receipt.Completed(tx, execution, gas, segment, total, r.u32(), r.fixed(32));
            case 2 -> receipt = new Receipt.Suspended(tx, execution, gas, segment, total, r.u32(), r.fixed(32), r.u64());
            case 3 -> receipt = new Receipt.Cancelled(tx, execution, gas, segment, total);
            case 4 -> receipt = new Receipt.Failed(tx, execution, decodeError(r), gas, segment, total);
            case 5 -> receipt = new Receipt.Rejected(tx, execution, decodeError(r));
            default -> throw new CanonicalReader.MalformedException("receipt: unknown kind " + kind);
        }
        r.end();
        return receipt;
    }

    private static ExecutionError decodeError(CanonicalReader r) throws CanonicalReader.MalformedException {
        int code = r.u8();
        return switch (code) {
            case 1 -> new ExecutionError.VmFailure(r.ascii(), "");
            case 2 -> new ExecutionError.NonZeroExit(r.i32());
            case 3 -> new ExecutionError.Unauthorized(Address.of(r.fixed(20)), TxHash.of(r.fixed(32)));
            case 4 -> new ExecutionError.UnknownExecution(TxHash.of(r.fixed(32)));
            case 5 -> new ExecutionError.InvalidTransaction("");
            case 6 -> new ExecutionError.NonceMismatch(Address.of(r.fixed(20)), r.u64(), r.u64());
            case 7 -> new ExecutionError.MissingSource(SourceId.of(r.fixed(32)));
            case 8 -> new ExecutionError.LimitExceeded(r.ascii(), "");
            default -> throw new CanonicalReader.MalformedException("receipt: unknown error code " + code);
        };
    }
}
