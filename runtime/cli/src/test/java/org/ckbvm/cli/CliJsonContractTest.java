package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * docs/CLI_JSON.md is the contract of every command's JSON: this test parses its tables and runs
 * every command listed there with its JSON on, checking that stdout holds only JSON objects, one
 * per line, each matching its table (no field the table does not list, each of its type, every
 * {@code always} field present), and that every table was exercised.
 */
class CliJsonContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TX = "0x" + "ab".repeat(32);
    private static final String TX2 = "0x" + "cd".repeat(32);

    @TempDir
    Path dir;

    private record Field(String type, boolean always) {}

    /** The tables of docs/CLI_JSON.md: name, then field name, then its type and whether it is always there. */
    static Map<String, Map<String, Field>> tables() throws Exception {
        List<String> lines = Files.readAllLines(TestVectors.root().getParent().resolve("docs").resolve("CLI_JSON.md"));
        Map<String, Map<String, Field>> tables = new LinkedHashMap<>();
        Pattern marker = Pattern.compile("<!-- table: (.+) -->");
        Pattern row = Pattern.compile("\\| `([^`]+)` \\| ([^|]+) \\| ([^|]+) \\|");
        Map<String, Field> current = null;
        for (String line : lines) {
            Matcher m = marker.matcher(line);
            if (m.matches()) {
                current = new LinkedHashMap<>();
                assertTrue(tables.put(m.group(1), current) == null, "table " + m.group(1) + " twice");
                continue;
            }
            if (current == null) {
                continue;
            }
            Matcher r = row.matcher(line);
            if (r.matches()) {
                current.put(r.group(1), new Field(r.group(2).trim(), r.group(3).trim().startsWith("always")));
            } else if (!line.startsWith("|")) {
                current = null;
            }
        }
        return tables;
    }

    private final Map<String, Map<String, Field>> tables = tables();
    private final Set<String> exercised = new TreeSet<>();

    CliJsonContractTest() throws Exception {
    }

    /** Checks one object against its table (and nested objects against theirs). */
    private void check(String table, JsonNode object, String context) {
        Map<String, Field> fields = tables.get(table);
        assertTrue(fields != null, "docs/CLI_JSON.md has no table '" + table + "'");
        assertTrue(object.isObject(), context + ": not an object: " + object);
        exercised.add(table);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = fields.containsKey(e.getKey()) ? fields.get(e.getKey()) : fields.get("*");
            assertTrue(f != null, context + ": field '" + e.getKey() + "' is not in table '" + table + "': " + object);
            checkType(f.type(), e.getValue(), context + " " + table + "." + e.getKey());
        }
        fields.forEach((name, f) -> {
            if (f.always() && !name.equals("*")) {
                assertTrue(object.has(name), context + ": '" + name + "' is always there in table '" + table + "': " + object);
            }
        });
    }

    private void checkType(String type, JsonNode v, String where) {
        if (type.startsWith("array of ")) {
            assertTrue(v.isArray(), where + " is an array: " + v);
            v.forEach(item -> checkType(type.substring("array of ".length()), item, where + "[]"));
            return;
        }
        if (type.startsWith("object ")) {
            check(type.substring("object ".length()), v, where);
            return;
        }
        boolean ok = switch (type) {
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "hash" -> v.isTextual() && v.asText().matches("0x[0-9a-f]{64}");
            case "hash or null" -> v.isNull() || v.isTextual() && v.asText().matches("0x[0-9a-f]{64}");
            case "hex" -> v.isTextual() && v.asText().matches("0x[0-9a-f]+");
            case "address" -> v.isTextual() && v.asText().matches("0x[0-9a-f]{40}");
            default -> fail("docs/CLI_JSON.md: unknown type '" + type + "' at " + where);
        };
        assertTrue(ok, where + " is a " + type + ": " + v);
    }

    /** Runs a command; stdout must be JSON objects only, one per line. */
    private List<JsonNode> json(int status, String... args) throws Exception {
        CliRun r = CliRun.of(args);
        assertEquals(status, r.status(), r.toString());
        List<JsonNode> objects = new ArrayList<>();
        for (String line : r.lines()) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (Exception e) {
                throw new AssertionError("stdout holds a line that is not JSON: '" + line + "'\n" + r, e);
            }
            assertTrue(n != null && n.isObject(), "each stdout line is an object: '" + line + "'");
            objects.add(n);
        }
        return objects;
    }

    private JsonNode one(String table, int status, String... args) throws Exception {
        List<JsonNode> objects = json(status, args);
        assertEquals(1, objects.size(), "exactly one object: " + String.join(" ", args) + " -> " + objects);
        check(table, objects.get(0), String.join(" ", args));
        return objects.get(0);
    }

    /** The same objects, each checked against the table named by its "type" under {@code prefix}. */
    private List<JsonNode> typed(String prefix, int status, String... args) throws Exception {
        List<JsonNode> objects = json(status, args);
        for (JsonNode o : objects) {
            assertTrue(o.has("type"), "a typed line: " + o);
            check(prefix + " " + o.get("type").asText(), o, String.join(" ", args));
        }
        return objects;
    }

    private static String elf(String name) {
        return TestVectors.elf(name).toString();
    }

    @Test
    @SuppressWarnings("try") // a store held open (in use) while the CLI tries it
    void everyCommandPrintsWhatItsTableSays() throws Exception {
        String data = elf("blob_data.bin");
        String code = elf("blob_code.bin");
        Path snapshot = dir.resolve("s.snapshot");
        String db = dir.resolve("store").toString();

        // run, resume, snapshot inspect
        one("run", 0, "run", "--json", elf("exit0"));
        one("run", ExitStatus.FAILED, "run", "--json", elf("err_load_oob"));
        JsonNode stopped = one("run", ExitStatus.CYCLES_EXCEEDED, "run", "--json", "--max-cycles", "3000000",
                "--snapshot-out", snapshot.toString(), "--source", data, "--source", code, elf("load_blob"));
        assertTrue(stopped.has("snapshot_metrics"), stopped.toString());
        one("snapshot inspect", 0, "snapshot", "inspect", "--json", snapshot.toString());
        JsonNode resumed = one("run", 0, "resume", "--json", "--max-cycles", "100000000", "--source", data,
                "--source", code, snapshot.toString());
        assertTrue(resumed.get("resume_ms").isNumber(), resumed.toString());

        // run and resume into a store, then every store command
        one("run", ExitStatus.CYCLES_EXCEEDED, "run", "--json", "--max-cycles", "2000000", "--db", db, "--tx", TX,
                "--owner", "alice", "--block", "7", "--source", data, "--source", code, elf("load_blob"));
        one("run", ExitStatus.CYCLES_EXCEEDED, "run", "--json", "--max-cycles", "1500000", "--db", db, "--tx", TX2,
                "--source", data, "--source", code, elf("load_blob"));
        one("run", ExitStatus.CYCLES_EXCEEDED, "resume", "--json", "--max-cycles", "2500000", "--db", db, "--tx", TX);
        List<JsonNode> list = json(0, "store", "list", "--json", "--db", db);
        assertEquals(2, list.size());
        list.forEach(o -> check("store list", o, "store list"));
        assertTrue(list.stream().anyMatch(o -> o.has("created_at_block")), "--block is recorded");
        one("store show", 0, "store", "show", "--json", "--db", db, TX);
        Path export = dir.resolve("tx2.export");
        one("store export", 0, "store", "export", "--json", "--db", db, TX2, export.toString());
        List<JsonNode> verify = typed("store verify", 0, "store", "verify", "--json", "--db", db);
        assertEquals("summary", verify.get(verify.size() - 1).get("type").asText());
        one("store stats", 0, "store", "stats", "--json", "--db", db);
        JsonNode verbose = one("store stats", 0, "store", "stats", "--json", "--verbose", "--db", db);
        assertTrue(verbose.get("rocksdb").size() > 10, "--verbose adds RocksDB's figures");
        one("store delete", 0, "store", "delete", "--json", "--db", db, TX2);
        one("store import", 0, "store", "import", "--json", "--db", db, export.toString());
        one("store prune", 0, "store", "prune", "--json", "--dry-run", "--keep-last", "0", "--db", db);

        // a script of several VMs: run stopped with its scheduler state, run to the end, the state's audit
        String spawn = elf("spawn_simple");
        Path state = dir.resolve("simple.state");
        JsonNode multi = one("run", ExitStatus.CYCLES_EXCEEDED, "run", "--json", "--max-cycles", "200000",
                "--scheduler-state", state.toString(), "--source", spawn, spawn);
        assertTrue(multi.has("live_vms") && multi.has("scheduler_state"), multi.toString());
        assertTrue(one("run", 0, "run", "--json", "--source", spawn, spawn).has("bundle_root"));
        one("audit scheduler_state", 0, "audit", "--json", "--scheduler-state", state.toString(), "--source", spawn);

        // audit: a snapshot, a page and its proof, a store
        String[] blobs = {"--source", data, "--source", code};
        one("audit snapshot", 0, concat(new String[] {"audit", "--json", "--snapshot", snapshot.toString()}, blobs));
        one("audit snapshot", 0, concat(new String[] {"audit", "--json", "--snapshot", snapshot.toString(), "--root",
                stopped.get("state_root").asText()}, blobs));
        JsonNode page = one("audit page", 0, concat(new String[] {"audit", "--json", "--snapshot", snapshot.toString(),
                "--page", "1023"}, blobs));
        one("audit page", 0, concat(new String[] {"audit", "--json", "--snapshot", snapshot.toString(), "--page", "5"},
                blobs));
        Path proof = Files.writeString(dir.resolve("proof.json"), page.toString() + "\n");
        one("audit proof", 0, "audit", "--json", "--proof", proof.toString(), "--root", stopped.get("state_root").asText());
        typed("audit", 0, "audit", "--json", "--db", db);

        // chain: generate, run, log, prove (present and absent), verify-proof
        Path chainFile = dir.resolve("chain.json");
        Path chain = dir.resolve("chain");
        assertEquals(0, CliRun.of("chain", "generate", "--seed", "5", "--blocks", "12", "--out", chainFile.toString()).status());
        assertEquals(0, CliRun.of("chain", "run", "--db", chain.toString(), "--blocks", chainFile.toString()).status());
        json(0, "chain", "log", "--db", chain.toString()).forEach(o -> check("chain log", o, "chain log"));
        CliRun audit = CliRun.of("chain", "audit", "--db", chain.toString());
        String execution = audit.out().lines().filter(l -> l.startsWith("ok   0x")).map(l -> l.substring(5).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no suspended execution: " + audit));
        for (String target : List.of(execution, TX)) {
            JsonNode p = one("chain prove", 0, "chain", "prove", "--db", chain.toString(), "--execution", target);
            Path file = Files.writeString(dir.resolve("chain-proof.json"), p.toString());
            one("chain verify-proof", 0, "chain", "verify-proof", file.toString());
            JsonNode bad = one("chain verify-proof", ExitStatus.FAILED, "chain", "verify-proof", file.toString(),
                    "--root", "0x" + "00".repeat(32));
            assertFalse(bad.get("valid").asBoolean());
        }

        // node: the example scenario
        Path scenario = TestVectors.root().resolve("scenarios").resolve("two-contracts.json");
        for (JsonNode o : json(0, "node", "--scenario", scenario.toString(), "--db", dir.resolve("node").toString())) {
            check(o.has("event") ? "node event" : "node receipt", o, "node");
        }

        // errors: a usage error, a missing entry, a store error, a refused resume
        one("error", ExitStatus.USAGE, "run", "--json", "--max-cycles", "abc", elf("exit0"));
        one("error", ExitStatus.USAGE, "store", "show", "--json", "--db", db, "0x12");
        one("error", ExitStatus.FAILED, "store", "show", "--json", "--db", db, "0x" + "ef".repeat(32));
        try (var held = org.ckbvm.suspension.StoreResumer.open(Path.of(db), org.ckbvm.store.StoreConfig.defaults())) {
            JsonNode inUse = one("error", ExitStatus.STORE, "store", "list", "--json", "--db", db);
            assertEquals("Store", inUse.get("error").asText());
            assertEquals("InUse", inUse.get("store_error").asText());
        }
        one("error", ExitStatus.FAILED, "resume", "--json", "--max-cycles", "5", snapshot.toString());

        Set<String> all = new TreeSet<>(tables.keySet());
        all.removeAll(exercised);
        // a damaged store's objects: damageShowsAsUnreadableAndProblemObjects
        all.removeAll(List.of("audit unreadable", "store verify problem"));
        assertEquals(Set.of(), all, "tables of docs/CLI_JSON.md that no command printed");
    }

    @Test
    void damageShowsAsUnreadableAndProblemObjects() throws Exception {
        String db = dir.resolve("store").toString();
        for (String tx : List.of(TX, TX2)) {
            assertEquals(ExitStatus.CYCLES_EXCEEDED, CliRun.of("run", "--max-cycles", "2000000", "--db", db, "--tx", tx,
                    "--source", elf("blob_data.bin"), "--source", elf("blob_code.bin"), elf("load_blob")).status());
        }
        try (org.ckbvm.store.SnapshotStoreTestAccess raw = org.ckbvm.store.SnapshotStoreTestAccess.open(Path.of(db))) {
            raw.removeBlob(org.ckbvm.hash.CkbHash.sourceId(Files.readAllBytes(TestVectors.elf("blob_code.bin"))).bytes());
            raw.damageRecord(org.ckbvm.plugin.api.TxHash.fromHex(TX2).bytes());
        }
        List<JsonNode> audit = typed("audit", ExitStatus.FAILED, "audit", "--json", "--db", db);
        assertTrue(audit.stream().anyMatch(o -> o.get("type").asText().equals("unreadable")), audit.toString());
        List<JsonNode> verify = typed("store verify", ExitStatus.FAILED, "store", "verify", "--json", "--db", db);
        assertTrue(verify.stream().anyMatch(o -> o.get("type").asText().equals("problem")), verify.toString());
        assertTrue(verify.stream().anyMatch(o -> o.get("type").asText().equals("entry") && !o.get("ok").asBoolean()),
                verify.toString());
        assertTrue(exercised.containsAll(List.of("audit unreadable", "store verify problem")), exercised.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
