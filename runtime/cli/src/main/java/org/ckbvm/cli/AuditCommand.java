package org.ckbvm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ckbvm.audit.Auditor;
import org.ckbvm.audit.PageProofJson;
import org.ckbvm.audit.RestoredSnapshot;
import org.ckbvm.audit.SchedulerStateAudit;
import org.ckbvm.audit.SnapshotFiles;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SnapshotFormatException;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.SnapshotStore;
import org.ckbvm.store.StoreConfig;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code audit --snapshot FILE [--source PATH ...] [--page N] [--root HEX]},
 * {@code audit --proof FILE --root HEX} and {@code audit --db DIR}: state-root audits without
 * trusting whoever stored the snapshot. Status 0 when everything checks, 1 on a mismatch, 2 when
 * it cannot be checked (a blob not given, a file that is not a snapshot or proof), 4 when the
 * store cannot be opened.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check suspended executions against their state roots.",
            "--snapshot FILE: recompute the root from the snapshot's pages and blobs (--source: the blobs it "
                + "references) and compare it with the recorded one.",
            "--snapshot FILE --page N: also give page N's inclusion proof and check it against the recorded root, "
                + "or against --root if given (--json: one object holding the proof under \"proof\").",
            "--proof FILE --root HEX: check a saved proof (audit --page output, text or --json, or the proof "
                + "alone) against a root you trust; needs nothing else.",
            "--db DIR: recompute the root of every suspended execution in a store; last line 'N passed, M failed'.",
            "--scheduler-state FILE: decode an encoded SchedulerState strictly, recompute every VM's state root from "
                + "its pages (--source: the program and the blobs) and the bundle root from those (testvectors/"
                + "STATE_ROOT.md Part III), compare them with the recorded ones (--root: the bundle root you trust).",
            "Exit status: 0 all checked and matching, 1 a mismatch or a scheduler state the decoder refuses, 2 cannot "
                + "be checked (a blob not given, a file that cannot be read, not a snapshot or proof) or another "
                + "usage error, 4 the store cannot be opened."})
final class AuditCommand implements Callable<Integer> {
    private static final HexFormat HEX = HexFormat.of();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--snapshot", paramLabel = "FILE", description = "A snapshot file (run/resume --snapshot-out).")
        Path snapshot;

        @Option(names = "--proof", paramLabel = "FILE", description = "A page proof saved from audit --page.")
        Path proof;

        @Option(names = "--db", paramLabel = "DIR", description = "Audit every suspended execution of a store.")
        Path db;

        @Option(names = "--scheduler-state", paramLabel = "FILE",
                description = "A whole suspended script of several VMs (run --scheduler-state): recompute every "
                        + "VM's state root and the bundle root.")
        Path schedulerState;
    }

    @Option(names = "--source", paramLabel = "PATH", description = "A blob the snapshot references; repeatable.")
    List<Path> sources = new ArrayList<>();

    @Option(names = "--page", paramLabel = "N", converter = Values.Count.class,
            description = "Give and check the inclusion proof of page N.")
    Integer page;

    @Option(names = "--root", paramLabel = "HEX", converter = Values.Root.class,
            description = "The state root you trust (64 hex digits, 0x allowed); default: the snapshot's recorded root. "
                    + "With --scheduler-state: the bundle root you trust.")
    Values.Bytes32 rootOption;

    private byte[] root;

    @Mixin
    JsonOption jsonOption;

    private boolean json() {
        return jsonOption.json;
    }

    @Override
    public Integer call() throws Exception {
        root = rootOption == null ? null : rootOption.bytes();
        if (target.proof != null) {
            return checkProof();
        }
        if (target.db != null) {
            return auditStore();
        }
        if (target.schedulerState != null) {
            return auditSchedulerState();
        }
        if (page == null) {
            return checkRoot();
        }
        return provePage();
    }

    private static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    /**
     * --scheduler-state FILE: every VM's state root and the bundle root recomputed and compared
     * ({@link SchedulerStateAudit}); one line per VM, then both bundle roots and the verdict.
     */
    private int auditSchedulerState() {
        if (page != null) {
            throw UsageException.of("--page goes with --snapshot: audit one VM's snapshot for a page proof");
        }
        byte[] bytes = Values.readFile("--scheduler-state", target.schedulerState);
        SchedulerStateAudit.Finding f;
        try {
            f = SchedulerStateAudit.audit(bytes, blobs(), root);
        } catch (SchedulerStateAudit.Refused e) {
            return Report.error(json(), e.kind(), "not a valid scheduler state: " + target.schedulerState + ": "
                    + e.getMessage(), ExitStatus.FAILED);
        } catch (RestoredSnapshot.Unauditable e) {
            return Report.error(json(), "Unauditable", "cannot audit " + target.schedulerState + ": " + e.getMessage(),
                    ExitStatus.USAGE);
        }
        if (json()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "scheduler_state");
            o.put("scheduler_state", target.schedulerState.toString());
            o.put("verdict", f.matches() ? "match" : "mismatch");
            if (!f.matches()) {
                o.put("reason", f.reason().id());
                o.put("detail", f.detail());
            }
            o.put("total_cycles", RunOutcome.unsigned(f.state().totalCycles()));
            List<Map<String, Object>> vms = new ArrayList<>();
            for (SchedulerStateAudit.VmFinding vm : f.vms()) {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("id", RunOutcome.unsigned(vm.id()));
                v.put("state", stateName(vm.vm().state()));
                v.put("recorded_root", "0x" + vm.recordedRoot());
                v.put("recomputed_root", "0x" + vm.recomputedRoot());
                v.put("match", vm.matches());
                vms.add(v);
            }
            o.put("vms", vms);
            o.put("recorded_bundle_root", "0x" + f.recordedBundleRoot());
            o.put("recomputed_bundle_root", "0x" + f.recomputedBundleRoot());
            if (root != null) {
                o.put("trusted_root", hex(root));
            }
            Report.json(o);
        } else {
            System.out.println("scheduler state:        " + target.schedulerState + " (" + f.vms().size() + " VMs, "
                    + Long.toUnsignedString(f.state().totalCycles()) + " cycles)");
            for (SchedulerStateAudit.VmFinding vm : f.vms()) {
                System.out.println("vm " + Long.toUnsignedString(vm.id()) + " " + stateName(vm.vm().state())
                        + ": recorded 0x" + vm.recordedRoot() + ", recomputed 0x" + vm.recomputedRoot()
                        + (vm.matches() ? " (equal)" : " (DIFFERS)"));
            }
            System.out.println("recorded bundle root:   0x" + f.recordedBundleRoot());
            System.out.println("recomputed bundle root: 0x" + f.recomputedBundleRoot());
            if (root != null) {
                System.out.println("trusted root:           " + hex(root));
            }
            System.out.println(f.matches() ? "match" : "MISMATCH (" + f.reason().id() + ": " + f.detail() + ")");
        }
        return f.matches() ? ExitStatus.OK : ExitStatus.FAILED;
    }

    /** A VM state's name as the vectors spell it ({@code runnable}, {@code wait_for_read}, ...). */
    private static String stateName(org.ckbvm.scheduler.VmState state) {
        if (state instanceof org.ckbvm.scheduler.VmState.Runnable) {
            return "runnable";
        }
        if (state instanceof org.ckbvm.scheduler.VmState.Wait) {
            return "wait";
        }
        if (state instanceof org.ckbvm.scheduler.VmState.WaitForRead) {
            return "wait_for_read";
        }
        if (state instanceof org.ckbvm.scheduler.VmState.WaitForWrite) {
            return "wait_for_write";
        }
        return "terminated";
    }

    /** --db DIR: one line per execution, then {@code N passed, M failed}. */
    private int auditStore() throws Exception {
        StoreConfig config = new StoreConfig(StoreConfig.defaults().blockCacheBytes(), StoreConfig.defaults().limits(), false);
        try (SnapshotStore store = org.ckbvm.suspension.StoreResumer.open(target.db, config)) {
            StoreExecutions executions = new StoreExecutions(store);
            List<Auditor.Finding> findings = Auditor.auditAll(executions, f -> {
                if (json()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("type", "execution");
                    o.put("tx", f.id());
                    o.put("verdict", f.verdict().name().toLowerCase(java.util.Locale.ROOT));
                    if (f.recordedRoot() != null) {
                        o.put("recorded_root", f.recordedRoot());
                    }
                    if (f.recomputedRoot() != null) {
                        o.put("recomputed_root", f.recomputedRoot());
                    }
                    o.put("reexecuted", f.reexecuted());
                    if (f.detail() != null) {
                        o.put("detail", f.detail());
                    }
                    Report.json(o);
                } else {
                    System.out.println(f.line());
                }
            });
            for (String u : executions.unreadable()) {
                if (json()) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("type", "unreadable");
                    o.put("detail", u);
                    Report.json(o);
                } else {
                    System.out.println("unauditable (unreadable entry): " + u);
                }
            }
            long passed = findings.stream().filter(f -> f.verdict() == Auditor.Verdict.MATCH).count();
            long failed = findings.size() - passed + executions.unreadable().size();
            if (json()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("type", "summary");
                o.put("passed", passed);
                o.put("failed", failed);
                Report.json(o);
            } else {
                System.out.println(passed + " passed, " + failed + " failed");
            }
            return failed == 0 ? ExitStatus.OK : ExitStatus.FAILED;
        }
    }

    private byte[] readSnapshotFile() {
        return Values.readFile("--snapshot", target.snapshot);
    }

    private InMemoryDataSource blobs() {
        InMemoryDataSource blobs = new InMemoryDataSource();
        for (Path p : sources) {
            blobs.add(Values.readFile("--source", p));
        }
        return blobs;
    }

    /** --snapshot FILE: recompute and compare, through the same code as a store audit. */
    private int checkRoot() throws IOException {
        readSnapshotFile();
        blobs();
        try (SnapshotFiles files = new SnapshotFiles(List.of(target.snapshot), sources)) {
            Auditor.Finding f = Auditor.auditAll(files, x -> { }).get(0);
            if (f.verdict() == Auditor.Verdict.UNAUDITABLE) {
                return Report.error(json(), "Unauditable", "cannot audit " + target.snapshot + ": " + f.detail(),
                        ExitStatus.USAGE);
            }
            boolean ok = f.verdict() == Auditor.Verdict.MATCH;
            Boolean trustedOk = null;
            if (root != null) {
                trustedOk = hex(root).equals(f.recomputedRoot());
                ok &= trustedOk;
            }
            if (json()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("type", "snapshot");
                o.put("snapshot", target.snapshot.toString());
                o.put("verdict", ok ? "match" : "mismatch");
                o.put("recorded_root", f.recordedRoot());
                o.put("recomputed_root", f.recomputedRoot());
                if (root != null) {
                    o.put("trusted_root", hex(root));
                }
                Report.json(o);
            } else {
                System.out.println("snapshot:        " + target.snapshot);
                System.out.println("recorded root:   " + f.recordedRoot());
                System.out.println("recomputed root: " + f.recomputedRoot());
                if (root != null) {
                    System.out.println("trusted root:    " + hex(root) + (trustedOk ? " (equal)" : " (differs)"));
                }
                System.out.println(ok ? "match" : "MISMATCH");
            }
            return ok ? ExitStatus.OK : ExitStatus.FAILED;
        }
    }

    /** --snapshot FILE --page N: the proof of one page, checked against the root the auditor trusts. */
    private int provePage() {
        byte[] bytes = readSnapshotFile();
        InMemoryDataSource blobs = blobs();
        Snapshot snapshot;
        RestoredSnapshot restored;
        try {
            snapshot = SnapshotCodec.decode(bytes);
            restored = RestoredSnapshot.of(snapshot, blobs);
        } catch (SnapshotFormatException e) {
            return Report.error(json(), "Unauditable", "cannot audit " + target.snapshot + ": not a valid snapshot: "
                    + e.getMessage(), ExitStatus.USAGE);
        } catch (RestoredSnapshot.Unauditable e) {
            return Report.error(json(), "Unauditable", "cannot audit " + target.snapshot + ": " + e.getMessage(),
                    ExitStatus.USAGE);
        }
        if (page >= restored.pageCount()) {
            throw UsageException.badValue("--page", Integer.toString(page),
                    "a page of the memory, 0 to " + (restored.pageCount() - 1));
        }
        PageProof proof = restored.proof(page);
        byte[] against = root != null ? root : snapshot.stateRoot();
        boolean ok = PageProof.verify(proof, against)
                && PageProof.verifyPage(proof, restored.flags(page), restored.page(page), against);
        if (json()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "page");
            o.put("page", page);
            o.put("present", proof.present());
            o.put("flags", proof.flags());
            o.put("root", hex(against));
            o.put("root_source", root != null ? "trusted" : "recorded");
            o.put("verifies", ok);
            o.put("proof", PageProofJson.fields(proof));
            Report.json(o);
        } else {
            System.out.println("page " + page + ": " + (proof.present() ? "present" : "absent") + ", flags " + proof.flags());
            System.out.println((root != null ? "trusted" : "recorded") + " root: " + hex(against));
            System.out.println("proof: " + PageProofJson.toJson(proof));
            System.out.println(ok ? "proof verifies" : "PROOF DOES NOT VERIFY");
        }
        return ok ? ExitStatus.OK : ExitStatus.FAILED;
    }

    /** --proof FILE --root HEX: the auditor's side alone, with nothing from our store. */
    private int checkProof() throws IOException {
        if (root == null) {
            throw UsageException.of("--proof needs --root, the state root you trust");
        }
        Values.checkReadableFile("--proof", target.proof);
        PageProof proof;
        try {
            proof = PageProofJson.find(Files.readAllLines(target.proof));
        } catch (IllegalArgumentException e) {
            throw UsageException.badValue("--proof", target.proof.toString(), "a page proof saved from audit --page; "
                    + e.getMessage());
        }
        boolean ok = PageProof.verify(proof, root);
        if (json()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("type", "proof");
            o.put("page", proof.page());
            o.put("present", proof.present());
            o.put("flags", proof.flags());
            o.put("root", hex(root));
            o.put("verifies", ok);
            Report.json(o);
        } else {
            System.out.println("page " + proof.page() + ": " + (proof.present() ? "present" : "absent") + ", flags "
                    + proof.flags());
            System.out.println(ok ? "proof verifies" : "PROOF DOES NOT VERIFY");
        }
        return ok ? ExitStatus.OK : ExitStatus.FAILED;
    }
}
