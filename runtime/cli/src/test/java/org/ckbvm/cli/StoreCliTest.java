package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    private record Result(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = CkbVmCommand.execute(args);
            return new Result(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private String db() {
        return dir.resolve("ckbvm-data").toString();
    }

    private Result run(String tx, long maxCycles, String owner) {
        return cli("run", "--json", "--max-cycles", Long.toString(maxCycles), "--db", db(), "--tx", tx, "--owner", owner,
                "--source", TestVectors.elf("blob_data.bin").toString(),
                "--source", TestVectors.elf("blob_code.bin").toString(), TestVectors.elf("load_blob").toString());
    }

    @Test
    void suspendIntoTheStoreAndResumeFromItWithoutSources() throws Exception {
        Result first = run(TX, 2_000_000, "alice");
        assertEquals(3, first.status(), first.err());
        JsonNode out = JSON.readTree(first.out());
        assertEquals("suspended", out.get("store").asText());
        assertEquals(TX, out.get("tx").asText());
        assertEquals(2, run(TX, 2_000_000, "alice").status(), "a second run of a suspended tx is refused");
        assertEquals(3, run(TX2, 1_000_000, "bob").status());

        JsonNode list = JSON.readTree(cli("store", "list", "--db", db(), "--json").out());
        assertTrue(list.isArray());
        assertEquals(2, list.size());
        assertEquals(TX, list.get(0).get("tx").asText());
        JsonNode alice = JSON.readTree(cli("store", "list", "--db", db(), "--json", "--owner", "alice").out());
        assertEquals(1, alice.size());
        assertEquals(48, alice.get(0).get("source_pages").asInt());

        Result again = cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "3000000", "--json");
        assertEquals(3, again.status(), again.err());
        assertEquals("suspended", JSON.readTree(again.out()).get("store").asText());
        Result done = cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "100000000", "--json");
        assertEquals(0, done.status(), done.err());
        JsonNode end = JSON.readTree(done.out());
        assertEquals("exited", end.get("status").asText());
        assertEquals("removed", end.get("store").asText());
        Result whole = cli("run", "--json", "--source", TestVectors.elf("blob_data.bin").toString(),
                "--source", TestVectors.elf("blob_code.bin").toString(), TestVectors.elf("load_blob").toString());
        assertEquals(JSON.readTree(whole.out()).get("state_root"), end.get("state_root"), "same end as one run");
        assertEquals(1, cli("resume", "--db", db(), "--tx", TX, "--max-cycles", "5", "--json").status(), "gone");
        assertEquals(1, JSON.readTree(cli("store", "list", "--db", db(), "--json").out()).size());
    }

    @Test
    void managementCommands() throws Exception {
        run(TX, 2_000_000, "alice");
        run(TX2, 1_500_000, "bob");
        Result verify = cli("store", "verify", "--db", db());
        assertEquals(0, verify.status());
        assertEquals("2 passed, 0 failed", verify.lines().get(verify.lines().size() - 1));
        Result show = cli("store", "show", "--db", db(), "--json", TX2);
        assertEquals(0, show.status());
        assertEquals("bob", JSON.readTree(show.out()).get("owner").asText());
        assertEquals(1, cli("store", "show", "--db", db(), "0x" + "00".repeat(32)).status());

        Path file = dir.resolve("tx2.export");
        assertEquals(0, cli("store", "export", "--db", db(), TX2, file.toString()).status());
        String other = dir.resolve("other").toString();
        assertEquals(0, cli("store", "import", "--db", other, file.toString()).status());
        Result resumed = cli("resume", "--db", other, "--tx", TX2, "--max-cycles", "100000000", "--json");
        assertEquals(0, resumed.status(), resumed.err());

        Result stats = cli("store", "stats", "--db", db(), "--json");
        JsonNode s = JSON.readTree(stats.out());
        assertEquals(2, s.get("executions").asInt());
        assertEquals(3, s.get("blobs").asInt());
        assertTrue(s.get("dedup_ratio").asDouble() > 1);

        Result dry = cli("store", "prune", "--db", db(), "--keep-last", "1", "--dry-run");
        assertEquals(0, dry.status());
        assertEquals(2, JSON.readTree(cli("store", "list", "--db", db(), "--json").out()).size());
        assertEquals(0, cli("store", "prune", "--db", db(), "--keep-last", "1").status());
        assertEquals(1, JSON.readTree(cli("store", "list", "--db", db(), "--json").out()).size());
        assertEquals(0, cli("store", "prune", "--db", db(), "--older-than", "block:5").status());
        assertEquals(0, cli("store", "prune", "--db", db(), "--max-bytes", "0").status());
        assertEquals(0, JSON.readTree(cli("store", "list", "--db", db(), "--json").out()).size());
        assertEquals(1, cli("store", "delete", "--db", db(), TX).status());
    }

    @Test
    void verifyFailsLoudlyOnDamage() throws Exception {
        run(TX, 2_000_000, "alice");
        try (org.ckbvm.store.SnapshotStoreTestAccess raw = org.ckbvm.store.SnapshotStoreTestAccess.open(Path.of(db()))) {
            raw.removeBlob(org.ckbvm.hash.CkbHash.sourceId(Files.readAllBytes(TestVectors.elf("blob_code.bin"))).bytes());
        }
        Result verify = cli("store", "verify", "--db", db());
        assertEquals(1, verify.status());
        // the execution, and the live-bytes counter the removal behind the store's back skewed
        assertEquals("0 passed, 2 failed", verify.lines().get(verify.lines().size() - 1));
        assertTrue(verify.lines().get(0).startsWith("FAILED " + TX + ": ") && verify.lines().get(0).contains("missing blobs"),
                verify.out());
        assertEquals(2, cli("store", "list", "--db", dir.resolve("nothing-here").toString()).status());
    }
}
