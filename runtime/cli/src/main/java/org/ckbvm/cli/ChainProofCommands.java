package org.ckbvm.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ckbvm.chain.CommitmentProof;
import org.ckbvm.chain.CommittedState;
import org.ckbvm.chain.MerkleProof;
import org.ckbvm.chain.SuspensionRecord;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ChainHead;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.RocksChainStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chain prove} and {@code chain verify-proof}: proofs against a block's commitment root
 * (testvectors/STATE_ROOT.md §14), as one JSON object.
 */
final class ChainProofCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private ChainProofCommands() {}

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Print a proof that an execution (or account) is in the head block's commitment, or absent.")
    static final class Prove implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
        Path db;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--execution", paramLabel = "HASH", converter = Values.Hash.class,
                    description = "The execution (hash of its Call, 64 hex digits).")
            TxHash execution;

            @Option(names = "--account", paramLabel = "ADDRESS", converter = Values.AddressValue.class,
                    description = "A sender's address (40 hex digits).")
            Address account;
        }

        @Override
        public Integer call() throws Exception {
            TxHash execution = target.execution;
            Address account = target.account;
            try (RocksChainStore store = ChainCommand.openChainState(db)) {
                CommittedState state = CommittedState.open(store);
                ChainHead head = state.head();
                CommitmentProof proof = execution != null ? state.commitment().proveExecution(execution)
                        : state.commitment().proveAccount(account);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("block", head.number());
                out.put("block_hash", head.hash().toString());
                out.put("root", hex(head.commitmentRoot()));
                out.put("map", proof.map().name().toLowerCase(java.util.Locale.ROOT));
                out.put("key", hex(proof.proof().key()));
                out.put("present", proof.valueHash().isPresent());
                proof.valueHash().ifPresent(v -> out.put("value_hash", hex(v)));
                if (execution != null) {
                    state.record(execution).ifPresent(r -> out.put("record", hex(r.encode())));
                }
                out.put("siblings", proof.proof().siblings().stream().map(ChainProofCommands::hex).toList());
                Map<String, Object> terminal = new LinkedHashMap<>();
                if (proof.proof().terminal() instanceof MerkleProof.Terminal.Leaf leaf) {
                    terminal.put("kind", "leaf");
                    terminal.put("key", hex(leaf.key()));
                    terminal.put("value_hash", hex(leaf.valueHash()));
                } else {
                    terminal.put("kind", "empty");
                }
                out.put("terminal", terminal);
                out.put("other_root", hex(proof.otherRoot()));
                Report.json(out);
                return ExitStatus.OK;
            }
        }
    }

    @Command(name = "verify-proof", mixinStandardHelpOptions = true,
            description = "Check a proof printed by `chain prove` against its root (or --root); exit 1 if it does not hold.")
    static final class VerifyProof implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "The proof (JSON).")
        Path file;

        @Option(names = "--root", paramLabel = "HEX", converter = Values.Root.class,
                description = "The commitment root to check against (64 hex digits; default: the proof's own).")
        Values.Bytes32 root;

        @Override
        public Integer call() throws Exception {
            JsonNode p = readJson("FILE", file);
            CommitmentProof proof;
            byte[] expectedRoot;
            try {
                expectedRoot = root != null ? root.bytes() : unhex(p.path("root").asText());
                proof = parse(p);
            } catch (IllegalArgumentException e) {
                throw UsageException.badValue("FILE", file.toString(), "a proof printed by 'chain prove'; " + e.getMessage());
            }
            return check(p, proof, expectedRoot);
        }

        private static CommitmentProof parse(JsonNode p) {
            List<byte[]> siblings = new ArrayList<>();
            p.path("siblings").forEach(s -> siblings.add(unhex(s.asText())));
            JsonNode t = p.path("terminal");
            MerkleProof.Terminal terminal = "leaf".equals(t.path("kind").asText())
                    ? new MerkleProof.Terminal.Leaf(unhex(t.path("key").asText()), unhex(t.path("value_hash").asText()))
                    : new MerkleProof.Terminal.Empty();
            CommitmentProof.Map map = "accounts".equals(p.path("map").asText()) ? CommitmentProof.Map.ACCOUNTS
                    : CommitmentProof.Map.EXECUTIONS;
            return new CommitmentProof(map, new MerkleProof(unhex(p.path("key").asText()), siblings, terminal),
                    unhex(p.path("other_root").asText()));
        }

        private static int check(JsonNode p, CommitmentProof proof, byte[] expectedRoot) throws Exception {
            List<String> problems = new ArrayList<>();
            if (!proof.verifies(expectedRoot)) {
                problems.add("the proof does not lead to root " + hex(expectedRoot));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("present", proof.valueHash().isPresent());
            if (p.has("record")) {
                byte[] record = unhex(p.get("record").asText());
                Optional<byte[]> value = proof.valueHash();
                if (value.isEmpty() || !java.util.Arrays.equals(value.get(), CkbHash.hash(record))) {
                    problems.add("the record does not hash to the proven value");
                }
                try {
                    SuspensionRecord r = SuspensionRecord.decode(record);
                    if (!java.util.Arrays.equals(r.execution().bytes(), proof.proof().key())) {
                        problems.add("the record names another execution");
                    }
                    out.put("execution", r.execution().toString());
                    out.put("owner", r.owner().toString());
                    out.put("form", r.form().name().toLowerCase(java.util.Locale.ROOT));
                    out.put("state_root", hex(r.stateRoot()));
                    out.put("total_cycles", RunOutcome.unsigned(r.totalCycles()));
                    out.put("segments", r.segments());
                } catch (Exception e) {
                    problems.add("the record is malformed: " + e.getMessage());
                }
            }
            out.put("valid", problems.isEmpty());
            if (!problems.isEmpty()) {
                out.put("problems", problems);
            }
            Report.json(out);
            return problems.isEmpty() ? ExitStatus.OK : ExitStatus.FAILED;
        }
    }

    /**
     * Reads a JSON object from a file given as {@code option}; a file that is missing or not a JSON
     * object is a usage error naming the option (without Jackson's source description).
     */
    static JsonNode readJson(String option, Path file) throws java.io.IOException {
        Values.checkReadableFile(option, file);
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw UsageException.badValue(option, file.toString(), "a JSON object; the file holds something else");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw UsageException.badValue(option, file.toString(), "a JSON file; " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    static byte[] unhex(String s) {
        return HEX.parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }
}
