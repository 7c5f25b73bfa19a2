package org.ckbvm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.plugin.CkbVmPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a new user types first: {@code --help} and {@code help COMMAND} everywhere, {@code --version},
 * the guest-argument rule, and a bad value named the same way on every command.
 */
class CliUsageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Every command path of the tree, e.g. [run], [store, bench], and the root []. */
    private static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix, List<List<String>> into) {
        into.add(prefix);
        cmd.getSubcommands().forEach((name, sub) -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(name);
            commandPaths(sub, path, into);
        });
        return into;
    }

    private static String[] args(List<String> path, String... more) {
        List<String> all = new ArrayList<>(path);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void everyCommandAnswersHelpAndHelpCommandWhateverElseIsMissing() {
        List<List<String>> paths = commandPaths(CkbVmCommand.commandLine(), List.of(), new ArrayList<>());
        assertTrue(paths.size() > 30, "the whole tree: " + paths);
        for (List<String> path : paths) {
            String name = String.join(" ", path);
            CliRun help = CliRun.of(args(path, "--help"));
            assertEquals(0, help.status(), name + " --help: " + help);
            assertTrue(help.out().startsWith("Usage: ckbvm" + (path.isEmpty() ? "" : " " + name)), name + ": " + help);
            assertEquals("", help.err(), name + " --help");
            CliRun h = CliRun.of(args(path, "-h"));
            assertEquals(help.out(), h.out(), name + " -h");
            if (!path.contains("help")) {
                List<String> helpPath = new ArrayList<>(List.of("help"));
                helpPath.addAll(path);
                CliRun viaHelp = CliRun.of(helpPath.toArray(String[]::new));
                assertEquals(0, viaHelp.status(), "help " + name + ": " + viaHelp);
                assertEquals(help.out(), viaHelp.out(), "help " + name + " prints what " + name + " --help prints");
            }
        }
        CliRun bare = CliRun.of("store");
        assertEquals(ExitStatus.USAGE, bare.status());
        assertTrue(bare.err().startsWith("error: missing required subcommand: one of list, show, delete, prune, export, "
                + "import, verify, stats, bench\nTry 'ckbvm store --help' for more information."), bare.toString());
        CliRun unknown = CliRun.of("help", "store", "nope");
        assertEquals(ExitStatus.USAGE, unknown.status());
        assertTrue(unknown.err().startsWith("error: invalid value for COMMAND: 'nope' (expected one of list, show,"),
                unknown.toString());
    }

    @Test
    void versionIsTheBuildsEverywhereAndTheMachineVersionHasItsOwnName() {
        String expected = "ckbvm " + System.getProperty("ckbvm.project.version");
        assertEquals(CkbVmPlugin.VERSION, System.getProperty("ckbvm.project.version"), "the plugin's version is the build's");
        for (List<String> path : commandPaths(CkbVmCommand.commandLine(), List.of(), new ArrayList<>())) {
            CliRun v = CliRun.of(args(path, "--version"));
            assertEquals(0, v.status(), path + " --version: " + v);
            assertEquals(expected, v.out().strip(), path + " --version");
        }
        CommandLine cli = CkbVmCommand.commandLine();
        for (String command : List.of("run", "resume", "bench")) {
            OptionSpec version = cli.getSubcommands().get(command).getCommandSpec().findOption("--version");
            assertTrue(version.versionHelp(), command + " --version is picocli's standard version option");
            assertTrue(cli.getSubcommands().get(command).getCommandSpec().findOption("--machine-version") != null, command);
        }
        // sys_vm_version exits with the machine version it runs on
        String elf = TestVectors.elf("sys_vm_version").toString();
        assertEquals(1, CliRun.of("run", "--machine-version", "1", elf).status());
        assertEquals(2, CliRun.of("run", elf).status(), "default: version 2");
    }

    @Test
    void everythingAfterTheElfBelongsToTheGuest() throws Exception {
        String fib = TestVectors.elf("fib").toString();
        CliRun text = CliRun.of("run", fib, "5", "--json");
        assertEquals(0, text.status(), text.toString());
        assertTrue(text.out().startsWith("status: exited\n"), "--json after ELF is the guest's, not ours: " + text);

        JsonNode withFlag = JSON.readTree(CliRun.of("run", "--json", fib, "5", "--json").out());
        JsonNode without = JSON.readTree(CliRun.of("run", "--json", fib, "5").out());
        JsonNode separated = JSON.readTree(CliRun.of("run", "--json", "--", fib, "5", "--json").out());
        assertNotEquals(without.get("state_root"), withFlag.get("state_root"), "the guest's argv differs");
        assertEquals(withFlag, separated, "-- before ELF ends ckbvm's options; the rest is the same");
        // options of ckbvm after ELF are the guest's too: --max-cycles 10 does not stop it
        CliRun limit = CliRun.of("run", fib, "5", "--max-cycles", "10");
        assertEquals(0, limit.status(), limit.toString());
        CliRun help = CliRun.of("run", fib, "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("status: exited"), "the guest got --help: " + help);
    }

    /** A bad value: exit 2, nothing on stdout, the one wording on stderr; with --json the error object. */
    private static void badValue(String option, String value, String expected, String... args) throws Exception {
        String line = "error: invalid value for " + option + ": '" + value + "' (expected " + expected;
        CliRun r = CliRun.of(args);
        assertEquals(ExitStatus.USAGE, r.status(), String.join(" ", args) + ": " + r);
        assertEquals("", r.out(), String.join(" ", args));
        assertTrue(r.err().startsWith(line), String.join(" ", args) + "\nwanted: " + line + "\n" + r);
        assertTrue(!r.err().contains("Exception") && !r.err().contains("REDACTED"), r.toString());
    }

    @Test
    void everyBadValueNamesTheOptionTheValueAndWhatIsExpected() throws Exception {
        String elf = TestVectors.elf("exit0").toString();
        String cycles = "an unsigned 64-bit number, 0 to 18446744073709551615)";
        String hash = "64 hex digits, optionally with 0x)";
        String db = dir.resolve("db").toString();
        badValue("--max-cycles", "abc", cycles, "run", "--max-cycles", "abc", elf);
        badValue("--max-cycles", "-5", cycles, "run", "--max-cycles", "-5", elf);
        badValue("--max-cycles", "18446744073709551616", cycles, "resume", "--max-cycles", "18446744073709551616", "f");
        badValue("--block", "-1", cycles, "run", "--db", db, "--tx", "0x" + "ab".repeat(32), "--block", "-1", elf);
        badValue("--tx", "zz", hash, "run", "--db", db, "--tx", "zz", elf);
        badValue("--tx", "0x" + "z".repeat(64), hash, "resume", "--db", db, "--tx", "0x" + "z".repeat(64),
                "--max-cycles", "5");
        badValue("TXHASH", "0x12", hash, "store", "show", "--db", db, "0x12");
        badValue("--execution", "0x12", hash, "chain", "prove", "--db", db, "--execution", "0x12");
        badValue("--root", "xyz", hash, "audit", "--proof", elf, "--root", "xyz");
        badValue("ELF", dir.toString(), "a file; this is a folder)", "run", dir.toString());
        badValue("ELF", dir.resolve("missing").toString(), "a readable file; there is no such file)", "run",
                dir.resolve("missing").toString());
        badValue("--source", dir.toString(), "a file; this is a folder)", "run", "--source", dir.toString(), elf);
        badValue("--machine-version", "3", "0, 1 or 2)", "run", "--machine-version", "3", elf);
        badValue("--isa", "imc,x", "a comma list of imc, a, b, mop, or all)", "run", "--isa", "imc,x", elf);
        badValue("--cost-model", "gas", "ckb or unit)", "run", "--cost-model", "gas", elf);
        badValue("--memory", "5000", "a multiple of 4096 bytes", "run", "--memory", "5000", elf);
        badValue("--engine", "warp", "interp, jit or auto)", "run", "--engine", "warp", elf);
        badValue("--engine", "warp", "interp, jit or auto)", "chain", "run", "--db", db, "--blocks", elf, "--engine", "warp");
        badValue("--engine", "warp", "interp, jit or auto)", "bench", "--engine", "interp,warp");
        badValue("--snapshot-kind", "v3", "v1 or v2)", "run", "--snapshot-kind", "v3", elf);
        badValue("--keep-last", "-1", "a whole number from 0", "store", "prune", "--db", db, "--keep-last", "-1");
        badValue("--max-bytes", "12Q", "a size in bytes", "store", "prune", "--db", db, "--max-bytes", "12Q");
        badValue("--older-than", "7x", "an age like 30s", "store", "prune", "--db", db, "--older-than", "7x");
        badValue("--blocks", "0", "a whole number from 1", "chain", "generate", "--seed", "1", "--blocks", "0",
                "--out", dir.resolve("c.json").toString());
        badValue("--threads", "0", "a whole number from 1", "chain", "run", "--db", db, "--blocks", elf, "--threads", "0");
        badValue("--budget", "0", "a whole number from 1", "demo", "--db", db, "--budget", "0");
        badValue("--count", "0", "a whole number from 1", "store", "bench", "--db", db, "--count", "0", elf);
        badValue("--runs", "abc", "a whole number", "bench", "--runs", "abc");
        badValue("--db", dir.resolve("nothing-here").toString(), "a store folder; there is no store there)", "store",
                "list", "--db", dir.resolve("nothing-here").toString());
        badValue("--db", dir.resolve("nothing-here").toString(), "a chain-state folder; there is no such folder)",
                "chain", "log", "--db", dir.resolve("nothing-here").toString());
        badValue("DIR", dir.resolve("nothing-here").toString(), "a folder of vector files", "vectors", "verify",
                dir.resolve("nothing-here").toString());

        // files that are not what the option takes
        Path text = Files.writeString(dir.resolve("text.txt"), "not json");
        badValue("--scenario", text.toString(), "a JSON file; Unrecognized token 'not'", "node", "--scenario",
                text.toString(), "--db", db);
        badValue("--blocks", text.toString(), "a chain file written by 'chain generate'", "chain", "run", "--db", db,
                "--blocks", text.toString());
        badValue("FILE", text.toString(), "a JSON file", "chain", "verify-proof", text.toString());
        badValue("FILE", text.toString(), "a snapshot written by run or resume; ", "snapshot", "inspect", text.toString());
        badValue("FILE", text.toString(), "a snapshot written by run or resume (", "resume", "--max-cycles", "5",
                text.toString());

        // under --json the same words, as an error object on stdout
        CliRun json = CliRun.of("run", "--json", "--max-cycles", "abc", elf);
        assertEquals(ExitStatus.USAGE, json.status());
        JsonNode error = JSON.readTree(json.out());
        assertEquals("error", error.get("status").asText());
        assertEquals("Usage", error.get("error").asText());
        assertEquals("--max-cycles", error.get("option").asText());
        assertEquals("abc", error.get("value").asText());
        assertTrue(json.err().startsWith("error: " + error.get("message").asText()), json.toString());
        CliRun late = CliRun.of("store", "list", "--db", dir.resolve("nothing-here").toString(), "--json");
        assertEquals("Usage", JSON.readTree(late.out()).get("error").asText(), late.toString());
        CliRun unknown = CliRun.of("store", "list", "--bogus", "--json");
        assertEquals(ExitStatus.USAGE, unknown.status());
        assertTrue(JSON.readTree(unknown.out()).get("message").asText().startsWith("unknown option: '--bogus'"),
                unknown.toString());
    }

    @Test
    void aScenarioMistakeNamesItsStepBeforeAnythingRuns() throws Exception {
        Path scenario = dir.resolve("scenario.json");
        Files.writeString(scenario, "{\"keys\": {\"a\": \"0x0a\"}, \"blobs\": {}, \"steps\": ["
                + "{\"resume\": \"x\", \"from\": \"a\", \"budget\": 5}]}");
        Path db = dir.resolve("node");
        CliRun r = CliRun.of("node", "--scenario", scenario.toString(), "--db", db.toString());
        assertEquals(ExitStatus.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("step 0: no call labelled 'x' before this step"), r.toString());
        assertTrue(!Files.exists(db), "nothing ran: no chain state was created");
        Files.writeString(scenario, "{\"keys\": {\"a\": \"0x0a\"}, \"steps\": [{\"cal\": \"x\"}]}");
        CliRun typo = CliRun.of("node", "--scenario", scenario.toString(), "--db", db.toString());
        assertEquals(ExitStatus.USAGE, typo.status(), typo.toString());
        assertTrue(typo.err().contains("step 0: expected one of"), typo.toString());
    }
}
