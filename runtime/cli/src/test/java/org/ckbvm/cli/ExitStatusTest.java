package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ckbvm.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's exit-status table is the one place the statuses are written down: this test reads
 * it and runs an example of each kind, which must end with the status the table gives it.
 */
class ExitStatusTest {
    private static final String TX = "0x" + "ab".repeat(32);

    @TempDir
    Path dir;

    /** The table's rows: kind (the bold words) to status. */
    static Map<String, Integer> readmeTable() throws Exception {
        List<String> lines = Files.readAllLines(TestVectors.root().getParent().resolve("README.md"));
        int start = lines.indexOf("### Exit status");
        assertTrue(start >= 0, "README.md has a section \"### Exit status\"");
        Map<String, Integer> kinds = new LinkedHashMap<>();
        Pattern row = Pattern.compile("\\| (\\d+) \\| \\*\\*([^*]+)\\*\\* \\|.*");
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            Matcher m = row.matcher(line);
            if (m.matches()) {
                kinds.put(m.group(2), Integer.parseInt(m.group(1)));
            }
        }
        return kinds;
    }

    private static String elf(String name) {
        return TestVectors.elf(name).toString();
    }

    @Test
    @SuppressWarnings("try") // a store held open (in use) while the CLI tries it
    void eachKindEndsWithTheStatusTheReadmeGivesIt() throws Exception {
        Map<String, Integer> table = readmeTable();
        assertEquals(List.of("success", "VM error", "verification failure", "usage error", "cycles exceeded",
                "store error", "internal error"), List.copyOf(table.keySet()), "the kinds of the table");
        assertEquals(Map.of("success", ExitStatus.OK, "VM error", ExitStatus.FAILED,
                "verification failure", ExitStatus.FAILED, "usage error", ExitStatus.USAGE,
                "cycles exceeded", ExitStatus.CYCLES_EXCEEDED, "store error", ExitStatus.STORE,
                "internal error", ExitStatus.INTERNAL), table, "README.md and ExitStatus agree");

        // ckbvm --help lists the same statuses
        String help = CliRun.of("--help").out();
        for (int status : new java.util.TreeSet<>(table.values())) {
            assertTrue(help.lines().anyMatch(l -> l.matches("  " + status + " +\\S.*")), "ckbvm --help lists " + status
                    + ":\n" + help);
        }
        assertTrue(help.lines().noneMatch(l -> l.matches("  [6-9] +\\S.*")), help);

        expect(table, "success", "run", elf("exit0"));
        expect(table, "VM error", "run", elf("err_load_oob"));
        expect(table, "cycles exceeded", "run", "--max-cycles", "1000", elf("loop_forever"));
        expect(table, "usage error", "run", "--max-cycles", "-5", elf("exit0"));
        expect(table, "usage error", "run", dir.toString());

        String db = dir.resolve("store").toString();
        expect(table, "cycles exceeded", "run", "--max-cycles", "2000000", "--db", db, "--tx", TX,
                "--source", elf("blob_data.bin"), "--source", elf("blob_code.bin"), elf("load_blob"));
        expect(table, "verification failure", "store", "show", "--db", db, "0x" + "cd".repeat(32));
        try (var held = org.ckbvm.suspension.StoreResumer.open(Path.of(db), org.ckbvm.store.StoreConfig.defaults())) {
            expect(table, "store error", "store", "list", "--db", db);
        }
        expect(table, "store error", "run", "--max-cycles", "2000000", "--db", db, "--tx", TX,
                "--source", elf("blob_data.bin"), "--source", elf("blob_code.bin"), elf("load_blob"));
        try (org.ckbvm.store.SnapshotStoreTestAccess raw = org.ckbvm.store.SnapshotStoreTestAccess.open(Path.of(db))) {
            raw.removeBlob(org.ckbvm.hash.CkbHash.sourceId(Files.readAllBytes(TestVectors.elf("blob_code.bin"))).bytes());
        }
        expect(table, "verification failure", "store", "verify", "--db", db);
        expect(table, "verification failure", "audit", "--db", db);
        // an output whose folder does not exist is found before anything runs
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        expect(table, "usage error", "run", "--max-cycles", "1000", "--snapshot-out",
                notAFolder.resolve("s.snapshot").toString(), elf("loop_forever"));
    }

    private static void expect(Map<String, Integer> table, String kind, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(table.get(kind), r.status(), kind + ": " + String.join(" ", args) + "\n" + r);
    }
}
