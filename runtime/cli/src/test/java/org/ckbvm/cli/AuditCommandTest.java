package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.ckbvm.audit.PageProofJson;
import org.ckbvm.TestVectors;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit} on a snapshot written by {@code run --snapshot-out}: statuses and output. */
class AuditCommandTest {
    @TempDir
    static Path tmp;
    private static Path snapshot;
    private static String[] sources;

    @BeforeAll
    static void suspend() {
        snapshot = tmp.resolve("load_blob.snapshot");
        String data = TestVectors.elf("blob_data.bin").toString();
        String code = TestVectors.elf("blob_code.bin").toString();
        CliRun run = CliRun.of("run", "--max-cycles", "3000000", "--snapshot-out", snapshot.toString(),
                "--source", data, "--source", code, TestVectors.elf("load_blob").toString());
        assertEquals(3, run.status(), run.out());
        sources = new String[] {"--source", TestVectors.elf("load_blob").toString(), "--source", data, "--source", code};
    }

    /** {@code audit --source ... EXTRA}: with every blob the snapshot references. */
    private static CliRun audit(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("audit"));
        args.addAll(java.util.List.of(sources));
        args.addAll(java.util.List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void theRecomputedRootMatches() {
        CliRun run = audit("--snapshot", snapshot.toString());
        assertEquals(0, run.status(), run.out());
        assertEquals("match", run.lastLine());
    }

    @Test
    void withoutTheReferencedBlobsItCannotBeAudited() {
        CliRun run = CliRun.of("audit", "--snapshot", snapshot.toString());
        assertEquals(ExitStatus.USAGE, run.status(), run.toString());
        assertTrue(run.err().contains("cannot audit") && run.err().contains("missing source"), run.toString());
    }

    @Test
    void aTamperedRecordedRootIsAMismatch() throws Exception {
        Snapshot s = SnapshotCodec.decode(Files.readAllBytes(snapshot));
        byte[] root = s.stateRoot();
        root[0] ^= 1;
        Path bad = tmp.resolve("bad.snapshot");
        Files.write(bad, SnapshotCodec.encode(new Snapshot(s.kind(), s.header(), s.state(), s.sources(),
                s.sourcePages(), s.dirtyPages(), root, s.program())));
        CliRun run = audit("--snapshot", bad.toString());
        assertEquals(1, run.status(), run.out());
        assertEquals("MISMATCH", run.lastLine());
        CliRun page = audit("--snapshot", bad.toString(), "--page", "1023");
        assertEquals(1, page.status(), page.out());
    }

    @Test
    void aPageProofIsPrintedCheckedAndCheckableAlone() throws IOException {
        CliRun run = audit("--snapshot", snapshot.toString(), "--page", "1023", "--json");
        assertEquals(0, run.status(), run.toString());
        assertEquals(1, run.lines().size(), "one object: " + run);
        com.fasterxml.jackson.databind.JsonNode page = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertEquals(true, page.get("verifies").asBoolean());
        PageProof proof = PageProofJson.parse(page.get("proof").toString());
        assertEquals(1023, proof.page());
        assertTrue(page.get("proof").get("state_root").asText().matches("0x[0-9a-f]{64}"), "hashes carry 0x");

        // what --page printed, saved whole (JSON or text), is a proof file; so is the proof alone
        Path file = tmp.resolve("proof.json");
        String root = java.util.HexFormat.of().formatHex(proof.stateRoot());
        CliRun text = audit("--snapshot", snapshot.toString(), "--page", "1023");
        assertEquals("proof verifies", text.lastLine());
        for (String saved : java.util.List.of(run.out(), text.out(), page.get("proof").toString() + "\n")) {
            Files.writeString(file, saved);
            CliRun alone = CliRun.of("audit", "--proof", file.toString(), "--root", root);
            assertEquals(0, alone.status(), alone.toString());
            CliRun wrong = CliRun.of("audit", "--proof", file.toString(), "--root", "0x" + "00".repeat(32));
            assertEquals(1, wrong.status(), wrong.toString());
            assertEquals("PROOF DOES NOT VERIFY", wrong.lastLine());
        }
        CliRun outside = audit("--snapshot", snapshot.toString(), "--page", "1024");
        assertEquals(ExitStatus.USAGE, outside.status(), outside.toString());
        assertTrue(outside.err().contains("invalid value for --page: '1024' (expected a page of the memory, 0 to 1023)"),
                outside.err());
    }
}
