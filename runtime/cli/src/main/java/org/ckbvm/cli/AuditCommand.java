package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.audit.PageProofJson;
import org.ckbvm.audit.Auditor;
import org.ckbvm.audit.RestoredSnapshot;
import org.ckbvm.audit.SnapshotFiles;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;
import org.ckbvm.store.StoreException;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit --snapshot FILE [--source PATH ...] [--page N] [--root HEX]} and
 * {@code audit --proof FILE --root HEX}: state-root audits without trusting whoever stored the
 * snapshot. Status 0 when everything checks, 1 on a mismatch, 2 when it cannot be checked.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Check suspended executions against their state roots.",
            "--snapshot FILE: recompute the root from the snapshot's pages and blobs (--source, the program "
                + "included) and compare it with the recorded one.",
            "--snapshot FILE --page N: also print page N's inclusion proof (one JSON line) and check it against "
                + "the recorded root, or against --root if given.",
            "--proof FILE --root HEX: check a proof printed earlier against a root you trust; needs nothing else.",
            "--db DIR: recompute the root of every suspended execution in a store; last line 'N passed, M failed'.",
            "Status: 0 all checked and matching, 1 a mismatch, 2 cannot be checked."})
final class AuditCommand implements Callable<Integer> {
    static final int MISMATCH = 1;
    static final int UNAUDITABLE = 2;
    private static final HexFormat HEX = HexFormat.of();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--snapshot", paramLabel = "FILE", description = "A snapshot file (run/resume --snapshot-out).")
        Path snapshot;

        @Option(names = "--proof", paramLabel = "FILE", description = "A page proof printed by --page.")
        Path proof;

        @Option(names = "--db", paramLabel = "DIR", description = "Audit every suspended execution of a store.")
        Path db;
    }

    @Option(names = "--source", paramLabel = "PATH", description = "A blob the snapshot references; repeatable.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--page", paramLabel = "N", description = "Print and check the inclusion proof of page N.")
    Integer page;

    @Option(names = "--root", paramLabel = "HEX",
            description = "The state root you trust (64 hex digits, 0x allowed); default: the snapshot's recorded root.")
    String root;

    @Override
    public Integer call() throws IOException {
        byte[] trusted = root == null ? null : parseRoot(root);
        if (target.proof != null) {
            return checkProof(trusted);
        }
        if (target.db != null) {
            return auditStore();
        }
        if (page == null) {
            return checkRoot(trusted);
        }
        return provePage(trusted);
    }

    /** --db DIR: one line per execution, then {@code N passed, M failed}. */
    private int auditStore() throws IOException {
        StoreConfig config = new StoreConfig(StoreConfig.defaults().blockCacheBytes(), StoreConfig.defaults().limits(), false);
        try (SnapshotStore store = org.ckbvm.suspension.StoreResumer.open(target.db, config)) {
            StoreExecutions executions = new StoreExecutions(store);
            List<Auditor.Finding> findings = Auditor.auditAll(executions, f -> System.out.println(f.line()));
            executions.unreadable().forEach(u -> System.out.println("unauditable (unreadable entry): " + u));
            long passed = findings.stream().filter(f -> f.verdict() == Auditor.Verdict.MATCH).count();
            long failed = findings.size() - passed + executions.unreadable().size();
            System.out.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : MISMATCH;
        } catch (StoreException e) {
            System.out.println("cannot audit: " + e.getMessage());
            return UNAUDITABLE;
        }
    }

    /** --snapshot FILE: recompute and compare, through the same code as a store audit. */
    private int checkRoot(byte[] trusted) throws IOException {
        try (SnapshotFiles files = new SnapshotFiles(List.of(target.snapshot), sources)) {
            List<Auditor.Finding> findings = Auditor.auditAll(files, f -> { });
            Auditor.Finding f = findings.get(0);
            System.out.println("snapshot:        " + target.snapshot);
            if (f.recordedRoot() != null) {
                System.out.println("recorded root:   " + f.recordedRoot());
            }
            if (f.recomputedRoot() != null) {
                System.out.println("recomputed root: " + f.recomputedRoot());
            }
            if (f.verdict() == Auditor.Verdict.UNAUDITABLE) {
                System.out.println("cannot audit: " + f.detail());
                return UNAUDITABLE;
            }
            boolean ok = f.verdict() == Auditor.Verdict.MATCH;
            if (trusted != null) {
                boolean trustedOk = HEX.formatHex(trusted).equals(f.recomputedRoot());
                System.out.println("trusted root:    " + HEX.formatHex(trusted) + (trustedOk ? " (equal)" : " (differs)"));
                ok &= trustedOk;
            }
            System.out.println(ok ? "match" : "MISMATCH");
            return ok ? 0 : MISMATCH;
        }
    }

    /** --snapshot FILE --page N: the proof of one page, checked against the root the auditor trusts. */
    private int provePage(byte[] trusted) throws IOException {
        Snapshot snapshot;
        RestoredSnapshot restored;
        try (SnapshotFiles files = new SnapshotFiles(List.of(target.snapshot), sources)) {
            snapshot = SnapshotCodec.decode(Files.readAllBytes(target.snapshot));
            restored = RestoredSnapshot.of(snapshot, files.blobs());
        } catch (SnapshotFormatException e) {
            System.out.println("cannot audit: not a valid snapshot: " + e.getMessage());
            return UNAUDITABLE;
        } catch (RestoredSnapshot.Unauditable e) {
            System.out.println("cannot audit: " + e.getMessage());
            return UNAUDITABLE;
        }
        if (page < 0 || page >= restored.pageCount()) {
            System.out.println("cannot audit: page " + page + " is outside the memory (0.." + (restored.pageCount() - 1) + ")");
            return UNAUDITABLE;
        }
        PageProof proof = restored.proof(page);
        byte[] against = trusted != null ? trusted : snapshot.stateRoot();
        boolean proofOk = PageProof.verify(proof, against);
        boolean pageOk = PageProof.verifyPage(proof, restored.flags(page), restored.page(page), against);
        System.out.println(proof.toJson());
        System.out.println("page " + page + ": " + (proof.present() ? "present" : "absent") + ", flags " + proof.flags());
        System.out.println((trusted != null ? "trusted" : "recorded") + " root: " + HEX.formatHex(against));
        System.out.println(proofOk && pageOk ? "proof verifies" : "PROOF DOES NOT VERIFY");
        return proofOk && pageOk ? 0 : MISMATCH;
    }

    /** --proof FILE --root HEX: the auditor's side alone, with nothing from our store. */
    private int checkProof(byte[] trusted) throws IOException {
        if (trusted == null) {
            System.err.println("error: --proof needs --root, the state root you trust");
            return UNAUDITABLE;
        }
        PageProof proof;
        try {
            // the proof alone, or audit --page output saved whole: its JSON line is the proof
            String json = Files.readAllLines(target.proof).stream().filter(l -> l.startsWith("{")).findFirst()
                    .orElse("");
            proof = PageProofJson.parse(json);
        } catch (IllegalArgumentException e) {
            System.out.println("cannot audit: not a page proof: " + e.getMessage());
            return UNAUDITABLE;
        }
        boolean ok = PageProof.verify(proof, trusted);
        System.out.println("page " + proof.page() + ": " + (proof.present() ? "present" : "absent") + ", flags "
                + proof.flags());
        System.out.println(ok ? "proof verifies" : "PROOF DOES NOT VERIFY");
        return ok ? 0 : MISMATCH;
    }

    private static byte[] parseRoot(String text) {
        String hex = text.startsWith("0x") ? text.substring(2) : text;
        if (!hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("--root must be 64 hex digits, got " + text);
        }
        return HEX.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    }
}
