package org.ckbvm.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.ckbvm.TestVectors;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.DirtyPageRange;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.StateRoot;
import org.ckbvm.snapshot.StateRootTree;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The auditor on real suspended executions of {@code load_blob} (program pages and 48 pages of
 * blob_code referenced from sources, the rest carried), through an in-memory
 * {@link SuspendedExecutions} that stands in for the store: exactly the plug-in point
 * {@code audit --db} will use.
 */
class AuditorTest {
    private static final MachineConfig CONFIG = new MachineConfig(2, IsaFlags.DEFAULT, CostModel.CKB, Memory.DEFAULT_SIZE);
    private static InMemoryDataSource blobs;
    private static StartingPoint.Boot boot;
    /** Snapshots at 1 000 cycles, then (resumed from that) at 3 000 000. */
    private static byte[] early;
    private static byte[] late;

    @BeforeAll
    static void run() throws Exception {
        blobs = new InMemoryDataSource();
        SourceId program = blobs.add(Files.readAllBytes(TestVectors.elf("load_blob")));
        List<SourceId> sources = List.of(blobs.add(Files.readAllBytes(TestVectors.elf("blob_data.bin"))),
                blobs.add(Files.readAllBytes(TestVectors.elf("blob_code.bin"))));
        boot = new StartingPoint.Boot(CONFIG, program, sources, List.of());
        SuspendableMachine sm = SuspendableMachine.boot(CONFIG, blobs, program, sources, List.of(), m -> { }, List.of());
        assertTrue(sm.run(1_000) instanceof RunResult.CyclesExceeded);
        early = SnapshotCodec.encode(sm.snapshot(Snapshot.Kind.V2));
        sm = SuspendableMachine.resume(SnapshotCodec.decode(early), blobs, CONFIG, m -> { }, List.of());
        assertTrue(sm.run(3_000_000) instanceof RunResult.CyclesExceeded);
        late = SnapshotCodec.encode(sm.snapshot(Snapshot.Kind.V2));
        assertTrue(SnapshotCodec.decode(late).sourcePageCount() >= 48, "the late snapshot references source pages");
    }

    /** The store's stand-in: executions by id, in id order. */
    private record InMemoryExecutions(Map<String, SuspendedExecution> byId, DataSource blobs)
            implements SuspendedExecutions {
        @Override
        public String describe() {
            return byId.size() + " executions in memory";
        }

        @Override
        public List<String> ids() {
            return new ArrayList<>(byId.keySet());
        }

        @Override
        public SuspendedExecution load(String id) {
            return byId.get(id);
        }
    }

    private static Auditor.Finding audit(byte[] snapshot, Optional<StartingPoint> start, DataSource with) {
        return Auditor.audit(new SuspendedExecution("x", snapshot, start), with);
    }

    @Test
    void anHonestExecutionMatchesWithAndWithoutReexecution() {
        assertEquals(Auditor.Verdict.MATCH, audit(late, Optional.empty(), blobs).verdict());
        Auditor.Finding f = audit(late, Optional.of(boot), blobs);
        assertEquals(Auditor.Verdict.MATCH, f.verdict(), f.line());
        assertTrue(f.reexecuted());
        Auditor.Finding fromEarlier = audit(late, Optional.of(new StartingPoint.Earlier(early)), blobs);
        assertEquals(Auditor.Verdict.MATCH, fromEarlier.verdict(), fromEarlier.line());
    }

    @Test
    void aCollectionIsAuditedInIdOrder() throws IOException {
        Map<String, SuspendedExecution> byId = new TreeMap<>();
        byId.put("b-late", new SuspendedExecution("b-late", late, Optional.of(boot)));
        byId.put("a-early", new SuspendedExecution("a-early", early, Optional.empty()));
        byId.put("c-garbage", new SuspendedExecution("c-garbage", new byte[] {1, 2, 3}, Optional.empty()));
        List<String> seen = new ArrayList<>();
        List<Auditor.Finding> findings = Auditor.auditAll(new InMemoryExecutions(byId, blobs), f -> seen.add(f.id()));
        assertEquals(List.of("a-early", "b-late", "c-garbage"), seen);
        assertEquals(List.of(Auditor.Verdict.MATCH, Auditor.Verdict.MATCH, Auditor.Verdict.UNAUDITABLE),
                findings.stream().map(Auditor.Finding::verdict).toList());
    }

    @Test
    void aMissingBlobMakesItUnauditable() {
        InMemoryDataSource without = new InMemoryDataSource();
        without.add(blobs.load(boot.program(), 0, 0).orElseThrow().bytes());
        Auditor.Finding f = audit(late, Optional.empty(), without);
        assertEquals(Auditor.Verdict.UNAUDITABLE, f.verdict());
        assertTrue(f.detail().startsWith("missing source"), f.detail());
    }

    /** The late snapshot with one byte of its last dirty range flipped, its root re-stated or not. */
    private static byte[] tampered(boolean restateRoot) throws Exception {
        Snapshot s = SnapshotCodec.decode(late);
        List<DirtyPageRange> dirty = new ArrayList<>(s.dirtyPages());
        DirtyPageRange last = dirty.get(dirty.size() - 1);
        byte[] content = last.content();
        content[100] ^= 1;
        dirty.set(dirty.size() - 1, new DirtyPageRange(last.address(), last.flags(), content));
        byte[] root = s.stateRoot();
        Snapshot forged = new Snapshot(s.kind(), s.header(), s.state(), s.sources(), s.sourcePages(), dirty, root,
                s.program());
        if (restateRoot) {
            root = RestoredSnapshot.of(forged, blobs).stateRoot();
            forged = new Snapshot(s.kind(), s.header(), s.state(), s.sources(), s.sourcePages(), dirty, root, s.program());
        }
        return SnapshotCodec.encode(forged);
    }

    @Test
    void analteredPageIsAMismatch() throws Exception {
        Auditor.Finding f = audit(tampered(false), Optional.empty(), blobs);
        assertEquals(Auditor.Verdict.MISMATCH, f.verdict());
        assertTrue(f.detail().contains("differs from the pages' root"), f.detail());
    }

    @Test
    void aConsistentForgeryIsCaughtOnlyByReexecution() throws Exception {
        byte[] forged = tampered(true);
        assertEquals(Auditor.Verdict.MATCH, audit(forged, Optional.empty(), blobs).verdict(),
                "the root alone cannot tell: it was recomputed by the forger");
        Auditor.Finding f = audit(forged, Optional.of(boot), blobs);
        assertEquals(Auditor.Verdict.MISMATCH, f.verdict());
        assertTrue(f.detail().startsWith("re-execution reaches root"), f.detail());
    }

    @Test
    void aPageProofVerifiesAgainstTheRecordedRootAndNothingElse() throws Exception {
        Snapshot s = SnapshotCodec.decode(late);
        RestoredSnapshot restored = RestoredSnapshot.of(s, blobs);
        long sourcePage = s.sourcePages().get(0).address() >>> Memory.PAGE_SHIFT;
        for (int page : new int[] {(int) sourcePage, 1023, 0}) {
            PageProof proof = restored.proof(page);
            assertTrue(PageProof.verify(PageProofJson.parse(proof.toJson()), s.stateRoot()), "page " + page);
            assertTrue(PageProof.verifyPage(proof, restored.flags(page), restored.page(page), s.stateRoot()));
            byte[] other = restored.page(page);
            other[7] ^= 1;
            assertFalse(PageProof.verifyPage(proof, restored.flags(page), other, s.stateRoot()), "altered content");
            assertFalse(PageProof.verify(proof, SnapshotCodec.decode(early).stateRoot()), "another root");
        }
        // the restored root is the one a live machine's tree computes (StateRoot.md, section 8)
        SuspendableMachine sm = SuspendableMachine.resume(s, blobs, CONFIG, m -> { }, List.of());
        assertEquals(java.util.HexFormat.of().formatHex(sm.stateRoot()), restored.stateRootHex());
        assertEquals(StateRoot.depth(1024), StateRootTree.build(new Memory(Memory.DEFAULT_SIZE)).depth());
    }
}
