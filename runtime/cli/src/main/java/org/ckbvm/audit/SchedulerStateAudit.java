package org.ckbvm.audit;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.scheduler.SchedulerState;
import org.ckbvm.scheduler.SchedulerStateCodec;
import org.ckbvm.scheduler.SchedulerStateError;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.snapshot.SnapshotCodec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Audits an encoded {@code SchedulerState} (a whole suspended script of several VMs,
 * testvectors/STATE_ROOT.md Part III) without trusting whoever wrote it: every VM's state root is
 * recomputed from its Snapshot2's pages and the blobs ({@link RestoredSnapshot}), and the bundle
 * root from those recomputed roots and the decoded fields ({@link BundleRootRecomputation}, not
 * the scheduler's code). The bytes are decoded strictly ({@link SchedulerStateCodec}); the one
 * refusal an audit goes past is a recorded bundle root that does not match, since reporting that
 * is the point.
 */
public final class SchedulerStateAudit {
    private static final HexFormat HEX = HexFormat.of();

    /** Why an audit does not match, the first that applies. */
    public enum Reason {
        /** A VM's pages and registers hash to another state root than its snapshot records. */
        VM_STATE_ROOT_MISMATCH("VmStateRootMismatch"),
        /** The recorded bundle root is not the one the state and its recomputed VM roots hash to. */
        BUNDLE_ROOT_MISMATCH("BundleRootMismatch"),
        /** The recomputed bundle root is not the one the auditor trusts ({@code --root}). */
        TRUSTED_ROOT_MISMATCH("TrustedRootMismatch");

        private final String id;

        Reason(String id) {
            this.id = id;
        }

        /** The name printed and in the JSON, e.g. {@code BundleRootMismatch}. */
        public String id() {
            return id;
        }
    }

    /** One VM: its id, its decoded state, its recorded and recomputed state roots (hex, 64 digits). */
    public record VmFinding(long id, SchedulerState.Vm vm, String recordedRoot, String recomputedRoot) {
        public boolean matches() {
            return recordedRoot.equals(recomputedRoot);
        }
    }

    /** The audit: the state, each VM, both bundle roots, and the first reason it does not match (null if it does). */
    public record Finding(SchedulerState state, List<VmFinding> vms, String recordedBundleRoot,
                          String recomputedBundleRoot, Reason reason, String detail) {
        public Finding {
            vms = List.copyOf(vms);
        }

        public boolean matches() {
            return reason == null;
        }
    }

    /** The bytes are not a scheduler state this build reads (other than a wrong bundle root). */
    public static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SchedulerStateError reason;

        Refused(SchedulerStateError reason) {
            super(reason.message());
            this.reason = reason;
        }

        public SchedulerStateError reason() {
            return reason;
        }

        /** The refusal's name, the record's, e.g. {@code NonCanonicalEncoding}. */
        public String kind() {
            return reason.getClass().getSimpleName();
        }
    }

    private SchedulerStateAudit() {}

    /**
     * Decodes {@code bytes} strictly and audits them against {@code blobs} (the program and the
     * sources the VMs' snapshots reference) and, if not null, the bundle root {@code trusted}.
     *
     * @throws Refused            if the bytes are not a valid scheduler state
     * @throws RestoredSnapshot.Unauditable if a VM's pages cannot be rebuilt (a blob missing or altered)
     */
    public static Finding audit(byte[] bytes, DataSource blobs, byte[] trusted)
            throws Refused, RestoredSnapshot.Unauditable {
        SchedulerState state = decode(bytes);
        String recordedBundle = HEX.formatHex(recordedBundleRoot(bytes));
        TreeMap<Long, byte[]> recomputed = new TreeMap<>();
        List<VmFinding> vms = new ArrayList<>();
        Reason reason = null;
        String detail = null;
        for (SchedulerState.Vm vm : state.vms()) {
            RestoredSnapshot restored;
            try {
                restored = RestoredSnapshot.of(vm.snapshot(), blobs);
            } catch (RestoredSnapshot.Unauditable e) {
                throw new RestoredSnapshot.Unauditable("VM " + Long.toUnsignedString(vm.id()) + ": " + e.getMessage());
            }
            byte[] root = restored.stateRoot();
            recomputed.put(vm.id(), root);
            VmFinding f = new VmFinding(vm.id(), vm, HEX.formatHex(vm.snapshot().stateRoot()), HEX.formatHex(root));
            vms.add(f);
            if (!f.matches() && reason == null) {
                reason = Reason.VM_STATE_ROOT_MISMATCH;
                detail = "VM " + Long.toUnsignedString(vm.id()) + " records state root 0x" + f.recordedRoot()
                        + ", its pages and registers hash to 0x" + f.recomputedRoot();
            }
        }
        byte[] bundle = BundleRootRecomputation.of(state, recomputed);
        String recomputedBundle = HEX.formatHex(bundle);
        if (reason == null && !recomputedBundle.equals(recordedBundle)) {
            reason = Reason.BUNDLE_ROOT_MISMATCH;
            detail = "the state records bundle root 0x" + recordedBundle + ", it hashes to 0x" + recomputedBundle;
        }
        if (reason == null && trusted != null && !MessageDigest.isEqual(trusted, bundle)) {
            reason = Reason.TRUSTED_ROOT_MISMATCH;
            detail = "the trusted root is 0x" + HEX.formatHex(trusted) + ", the state hashes to 0x" + recomputedBundle;
        }
        return new Finding(state, vms, recordedBundle, recomputedBundle, reason, detail);
    }

    /**
     * Strict decoding, except for a recorded bundle root that does not match (the codec's
     * {@code BundleRootMismatch}): then the same message with the root the codec recomputed is
     * decoded, as strictly, to get the state, and the audit compares the recorded root itself.
     */
    private static SchedulerState decode(byte[] bytes) throws Refused {
        try {
            return SchedulerStateCodec.decode(bytes);
        } catch (SchedulerStateException e) {
            if (!(e.reason() instanceof SchedulerStateError.BundleRootMismatch mismatch)) {
                throw new Refused(e.reason());
            }
            try {
                org.ckbvm.proto.SchedulerState message = org.ckbvm.proto.SchedulerState.parseFrom(bytes).toBuilder()
                        .setBundleRoot(ByteString.copyFrom(HEX.parseHex(mismatch.recomputed()))).build();
                return SchedulerStateCodec.decode(SnapshotCodec.deterministicBytes(message));
            } catch (InvalidProtocolBufferException | SchedulerStateException again) {
                throw new Refused(e.reason()); // cannot happen: the codec parsed it a moment ago
            }
        }
    }

    /** The bundle root as the bytes record it (the decoded state may carry the codec's, see {@link #decode}). */
    private static byte[] recordedBundleRoot(byte[] bytes) throws Refused {
        try {
            return org.ckbvm.proto.SchedulerState.parseFrom(bytes).getBundleRoot().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new Refused(new SchedulerStateError.Unparseable(String.valueOf(e.getMessage())));
        }
    }
}
