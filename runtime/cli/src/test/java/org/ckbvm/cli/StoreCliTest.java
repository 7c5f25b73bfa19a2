package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The store's command-line contract: run/resume --db --tx and the store subcommands. */
class StoreCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TX = "0x" + "ab".repeat(32);
    private static final String TX2 = "0x" + "cd".repeat(32);

    @TempDir
    Path dir;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    /** {@code store list --json}: one object per line, one line per execution. */
    private List<JsonNode> list(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("store", "list", "--db", db(), "--json"));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args);
        assertEquals(0, r.status(), r.toString());
        List<JsonNode> rows = new java.util.ArrayList<>();
        for (String line : r.lines()) {
            rows.add(JSON.readTree(line));
        }
        return rows;
    }

    private String db() {
        return dir.resolve("ckbvm-data").toString();
    }

    private CliRun run(String tx, long maxCycles, String owner) {
        return cli("run", "--json", "--max-cycles", Long.toString(maxCycles), "--db", db(), "--tx", tx, "--owner", owner,
                "--source", TestVectors.elf("blob_data.bin").toString(),
                "--source", TestVectors.elf("blob_code.bin").toString(), TestVectors.elf("load_blob").toString());
    }

    @Test
    void suspendIntoTheStoreAndResumeFromItWithoutSources() throws Exception {
        CliRun first = run(TX, 2_000_000, "alice");
        assertEquals(3, first.status(), first.err());
        JsonNode out = JSON.readTree(first.out());
        assertEquals("suspended", out.get("store").asText());
        assertEquals(TX, out.get("tx").asText());
        assertEquals(ExitStatus.STORE, run(TX, 2_000_000, "alice").status(), "a second run of a suspended tx is refused");
        assertEquals(3, run(TX2, 1_000_000, "bob").status());

        List<JsonNode> list = list();
        assertEquals(2, list.size());
        assertEquals(TX, list.get(0).get("tx").asText());
        List<JsonNode> alice = list("--owner", "alice");
        assertEquals(1, alice.size());
        assertEquals(48, alice.get(0).get("source_pages").asInt());

        CliRun again = cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "3000000", "--json");
        assertEquals(3, again.status(), again.err());
        assertEquals("suspended", JSON.readTree(again.out()).get("store").asText());
        CliRun done = cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "100000000", "--json");
        assertEquals(0, done.status(), done.err());
        JsonNode end = JSON.readTree(done.out());
        assertEquals("exited", end.get("status").asText());
        assertEquals("removed", end.get("store").asText());
        CliRun whole = cli("run", "--json", "--source", TestVectors.elf("blob_data.bin").toString(),
                "--source", TestVectors.elf("blob_code.bin").toString(), TestVectors.elf("load_blob").toString());
        assertEquals(JSON.readTree(whole.out()).get("state_root"), end.get("state_root"), "same end as one run");
        assertEquals(1, cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "5", "--json").status(), "gone");
        assertEquals(1, list().size());
    }

    @Test
    void managementCommands() throws Exception {
        run(TX, 2_000_000, "alice");
        run(TX2, 1_500_000, "bob");
        CliRun verify = cli("store", "verify", "--db", db());
        assertEquals(0, verify.status());
        assertEquals("2 passed, 0 failed", verify.lines().get(verify.lines().size() - 1));
        CliRun show = cli("store", "show", "--db", db(), "--json", TX2);
        assertEquals(0, show.status());
        assertEquals("bob", JSON.readTree(show.out()).get("owner").asText());
        assertEquals(1, cli("store", "show", "--db", db(), "0x" + "00".repeat(32)).status());

        Path file = dir.resolve("tx2.export");
        assertEquals(0, cli("store", "export", "--db", db(), TX2, file.toString()).status());
        String other = dir.resolve("other").toString();
        assertEquals(0, cli("store", "import", "--db", other, file.toString()).status());
        CliRun resumed = cli("resume", "--db", other, "--tx", TX2, "--max-cycles", "100000000", "--json");
        assertEquals(0, resumed.status(), resumed.err());

        CliRun stats = cli("store", "stats", "--db", db(), "--json");
        JsonNode s = JSON.readTree(stats.out());
        assertEquals(2, s.get("executions").asInt());
        assertEquals(3, s.get("blobs").asInt());
        assertTrue(s.get("dedup_ratio").asDouble() > 1);

        CliRun dry = cli("store", "prune", "--db", db(), "--keep-last", "1", "--dry-run");
        assertEquals(0, dry.status());
        assertEquals(2, list().size());
        assertEquals(0, cli("store", "prune", "--db", db(), "--keep-last", "1").status());
        assertEquals(1, list().size());
        assertEquals(0, cli("store", "prune", "--db", db(), "--older-than", "block:5").status());
        assertEquals(0, cli("store", "prune", "--db", db(), "--max-bytes", "0").status());
        assertEquals(0, list().size());
        assertEquals(1, cli("store", "delete", "--db", db(), TX).status());
    }

    @Test
    void verifyFailsLoudlyOnDamage() throws Exception {
        run(TX, 2_000_000, "alice");
        try (org.ckbvm.store.SnapshotStoreTestAccess raw = org.ckbvm.store.SnapshotStoreTestAccess.open(Path.of(db()))) {
            raw.removeBlob(org.ckbvm.hash.CkbHash.sourceId(Files.readAllBytes(TestVectors.elf("blob_code.bin"))).bytes());
        }
        CliRun verify = cli("store", "verify", "--db", db());
        assertEquals(1, verify.status());
        // the execution, and the live-bytes counter the removal behind the store's back skewed
        assertEquals("0 passed, 2 failed", verify.lines().get(verify.lines().size() - 1));
        assertTrue(verify.lines().get(0).startsWith("FAILED " + TX + ": ") && verify.lines().get(0).contains("missing blobs"),
                verify.out());
        assertEquals(ExitStatus.USAGE, cli("store", "list", "--db", dir.resolve("nothing-here").toString()).status());
    }

    /**
     * Damage below the store's own checks (a RocksDB data block whose checksum fails, in any of the
     * store's files) is a verification failure: the entries whose data cannot be read back are named,
     * the summary line comes last, exit 1; never a store error or a stack trace.
     */
    @Test
    void verifyReportsStorageCorruptionAsFailures() throws Exception {
        run(TX, 2_000_000, "alice");
        run(TX2, 1_500_000, "bob");
        List<Path> ssts;
        try (var files = Files.list(Path.of(db()))) {
            ssts = files.filter(f -> f.getFileName().toString().endsWith(".sst")).sorted().toList();
        }
        assertTrue(ssts.size() >= 4, "the store's column families are in SST files: " + ssts);
        int namingEntries = 0;
        for (Path sst : ssts) {
            Path copy = dir.resolve("copy-" + sst.getFileName());
            copyTree(Path.of(db()), copy);
            byte[] bytes = Files.readAllBytes(copy.resolve(sst.getFileName()));
            for (int i = 20; i < 40; i++) {
                bytes[i] ^= (byte) 0xff; // inside the first data block, which starts at offset 0
            }
            Files.write(copy.resolve(sst.getFileName()), bytes);
            CliRun verify = cli("store", "verify", "--db", copy.toString());
            assertEquals(ExitStatus.FAILED, verify.status(), sst.getFileName() + ": " + verify);
            assertTrue(verify.lastLine().matches("\\d+ passed, [1-9]\\d* failed"), sst.getFileName() + ": " + verify);
            assertTrue(verify.out().contains("FAILED store: ") && verify.out().contains("checksum mismatch"),
                    "RocksDB's own finding is reported: " + sst.getFileName() + ": " + verify);
            assertTrue(!verify.err().contains("Exception"), verify.toString());
            if (verify.lines().stream().anyMatch(l -> l.startsWith("FAILED 0x") && l.contains("checksum mismatch"))) {
                namingEntries++;
            }
            CliRun list = cli("store", "list", "--db", copy.toString());
            assertTrue(list.status() == ExitStatus.OK || list.status() == ExitStatus.STORE, list.toString());
        }
        assertTrue(namingEntries >= 2, "damage to records, pages or blobs names the entries it affects, with "
                + "RocksDB's finding (not as missing content)");
    }

    private static void copyTree(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().equals("LOCK")) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }
}
