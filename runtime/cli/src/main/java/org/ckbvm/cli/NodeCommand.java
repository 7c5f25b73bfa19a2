package org.ckbvm.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.transaction.TransactionDraft;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.source.InMemoryDataSource;
import org.web3j.crypto.ECKeyPair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code node --scenario FILE [--db DIR]}: a reference node. It discovers the plugin through
 * ServiceLoader, signs the scenario's transactions with its keys (each sender's nonces in order),
 * executes each step as one block on the plugin's head and prints each receipt as one JSON line
 * ({@code step}, {@code block}, then the receipt's fields). Scenario format (JSON; README, "The
 * node command", with {@code testvectors/scenarios/two-contracts.json} as the example):
 * <pre>
 * {"chain_id": 7,
 *  "blobs": {"NAME": "path relative to the scenario file", ...},
 *  "keys":  {"NAME": "private key, hex", ...},
 *  "steps": [
 *    {"call": "LABEL", "from": "KEY", "code": "BLOB", "args": ["..."], "sources": ["BLOB", ...],
 *     "budget": N, "controllers": ["KEY", ...]},
 *    {"resume": "LABEL", "from": "KEY", "budget": N},
 *    {"cancel": "LABEL", "from": "KEY"},
 *    {"replay": STEP_INDEX},                    re-submits the bytes of an earlier step (rejected: its nonce is used)
 *    {"restart": true},                         stops the plugin and starts it again
 *    {"parallel": [STEP, STEP, ...]}            several steps in one block (independent ones run in parallel)
 *  ]}
 * </pre>
 * LABEL names the execution a call starts; resume and cancel refer to it. The whole scenario is
 * checked before the plugin starts: a mistake is a usage error naming the step.
 */
@Command(name = "node", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a JSON scenario of signed transactions through the plugin, one block per step; print "
                + "each receipt as one JSON line (docs/CLI_JSON.md).",
            "Scenario: {\"chain_id\": N, \"blobs\": {NAME: PATH}, \"keys\": {NAME: HEX}, \"steps\": [...]} with steps "
                + "{\"call\": LABEL, \"from\": KEY, \"code\": BLOB, \"args\": [..], \"sources\": [BLOB..], \"budget\": N, "
                + "\"controllers\": [KEY..]}, {\"resume\": LABEL, \"from\": KEY, \"budget\": N}, {\"cancel\": LABEL, "
                + "\"from\": KEY}, {\"replay\": STEP}, {\"restart\": true}, {\"parallel\": [STEP..]} (README, "
                + "\"The node command\"; example: testvectors/scenarios/two-contracts.json).",
            "Exit status: 0, 2 if the scenario is not valid (nothing runs), 4 if the chain state cannot be opened."})
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, paramLabel = "FILE", description = "The scenario (JSON).")
    Path scenario;

    @Option(names = "--db", defaultValue = "ckbvm-chain", paramLabel = "DIR",
            description = "The plugin's chain-state folder (default: ${DEFAULT-VALUE}).")
    Path db;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("chain_id", "blobs", "keys", "steps");
    private static final Map<String, Set<String>> STEP_FIELDS = Map.of(
            "call", Set.of("call", "from", "code", "args", "sources", "budget", "controllers"),
            "resume", Set.of("resume", "from", "budget"),
            "cancel", Set.of("cancel", "from"),
            "replay", Set.of("replay"),
            "restart", Set.of("restart"),
            "parallel", Set.of("parallel"));

    private final Map<String, ECKeyPair> keys = new HashMap<>();
    private final Map<String, SourceId> blobIds = new HashMap<>();
    private final Map<String, TxHash> executions = new HashMap<>();
    /** The signed bytes of each step that is one transaction, by step index (what "replay" re-submits). */
    private final Map<Integer, byte[]> submitted = new HashMap<>();
    /** Nonces signed into the block being built, per sender, on top of the committed next nonce. */
    private final Map<Address, Long> signedInBlock = new HashMap<>();
    private ContractExecutionService service;
    private long chainId;

    @Override
    public Integer call() throws Exception {
        JsonNode root = ChainProofCommands.readJson("--scenario", scenario);
        InMemoryDataSource blobs = new InMemoryDataSource();
        checkScenario(root, blobs);
        ReferenceHost host = new ReferenceHost()
                .offer(DataSource.class, blobs)
                .offer(ChainSpec.class, ChainSpec.defaults().withChainId(chainId))
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(db));
        ExecutionPlugin plugin = ReferenceHost.discover("ckbvm");
        plugin.register(host);
        plugin.start();
        try {
            int index = 0;
            for (JsonNode step : root.path("steps")) {
                if (step.has("restart")) {
                    plugin.stop();
                    plugin.start();
                    print(index, Map.of("event", "restarted"));
                } else {
                    service = host.service(ContractExecutionService.class).orElseThrow();
                    signedInBlock.clear();
                    List<byte[]> block = new ArrayList<>();
                    if (step.has("parallel")) {
                        for (JsonNode inner : step.get("parallel")) {
                            block.add(transaction(inner));
                        }
                    } else {
                        byte[] tx = transaction(step);
                        submitted.put(index, tx);
                        block.add(tx);
                    }
                    CommittedBlock committed = BlockProducer.next(service, block);
                    for (Receipt r : committed.receipts()) {
                        emit(index, committed.block().number(), r);
                    }
                }
                index++;
            }
        } finally {
            plugin.stop();
        }
        return ExitStatus.OK;
    }

    private UsageException invalid(String problem) {
        return UsageException.badValue("--scenario", scenario.toString(),
                "a node scenario (README, \"The node command\"); " + problem);
    }

    /**
     * Checks the whole scenario before anything runs, reads its blobs and keys, and sets the chain id:
     * every field known and of its type, every name defined, every label started by an earlier
     * call, every replay pointing at an earlier transaction step.
     */
    private void checkScenario(JsonNode root, InMemoryDataSource blobs) {
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP.contains(name)) {
                throw invalid("unknown field '" + name + "' (expected chain_id, blobs, keys, steps)");
            }
        });
        JsonNode id = root.path("chain_id");
        if (!id.isMissingNode() && !(id.isIntegralNumber() && id.canConvertToLong() && id.asLong() >= 0)) {
            throw invalid("chain_id must be a non-negative whole number");
        }
        chainId = id.isMissingNode() ? 1 : id.asLong();
        Path base = scenario.toAbsolutePath().getParent();
        object(root, "blobs").fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw invalid("blob '" + e.getKey() + "' must be a path (a string)");
            }
            Path file = base.resolve(e.getValue().asText());
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw invalid("blob '" + e.getKey() + "': no readable file " + file);
            }
            try {
                blobIds.put(e.getKey(), blobs.add(Files.readAllBytes(file)));
            } catch (IOException ex) {
                throw invalid("blob '" + e.getKey() + "': " + ex.getMessage());
            }
        });
        object(root, "keys").fields().forEachRemaining(e -> {
            String hex = e.getValue().asText("").replaceFirst("^0[xX]", "");
            if (!e.getValue().isTextual() || !hex.matches("[0-9a-fA-F]{1,64}") || new BigInteger(hex, 16).signum() == 0) {
                throw invalid("key '" + e.getKey() + "' must be a non-zero private key in hex (at most 64 digits)");
            }
            keys.put(e.getKey(), ECKeyPair.create(new BigInteger(hex, 16)));
        });
        JsonNode steps = root.path("steps");
        if (!steps.isArray()) {
            throw invalid("'steps' must be an array of steps");
        }
        Set<String> labels = new HashSet<>();
        Set<Integer> single = new HashSet<>();
        int index = 0;
        for (JsonNode step : steps) {
            String where = "step " + index + ": ";
            if (step.has("parallel")) {
                checkFields(step, "parallel", where);
                if (!step.get("parallel").isArray() || step.get("parallel").isEmpty()) {
                    throw invalid(where + "'parallel' must be a non-empty array of steps");
                }
                for (JsonNode inner : step.get("parallel")) {
                    checkTransaction(inner, where + "in 'parallel': ", labels, single, index);
                }
            } else if (step.has("restart")) {
                checkFields(step, "restart", where);
                if (!step.get("restart").asBoolean(false)) {
                    throw invalid(where + "'restart' must be true");
                }
            } else {
                checkTransaction(step, where, labels, single, index);
                single.add(index);
            }
            index++;
        }
    }

    private void checkTransaction(JsonNode step, String where, Set<String> labels, Set<Integer> single, int index) {
        if (!step.isObject()) {
            throw invalid(where + "a step must be an object");
        }
        String kind = STEP_FIELDS.keySet().stream().filter(step::has).filter(k -> !k.equals("parallel")
                && !k.equals("restart")).findFirst().orElseThrow(() ->
                invalid(where + "expected one of call, resume, cancel, replay, restart, parallel"));
        checkFields(step, kind, where);
        switch (kind) {
            case "replay" -> {
                JsonNode r = step.get("replay");
                if (!r.isIntegralNumber() || !single.contains(r.asInt())) {
                    throw invalid(where + "'replay' must be the index of an earlier step that is one transaction "
                            + "(a call, resume, cancel or replay)");
                }
            }
            case "call" -> {
                text(step, "call", where);
                key(text(step, "from", where), where);
                blob(text(step, "code", where), where);
                budget(step, where);
                for (JsonNode a : array(step, "args", where)) {
                    if (!a.isTextual()) {
                        throw invalid(where + "'args' must be strings");
                    }
                }
                for (JsonNode b : array(step, "sources", where)) {
                    blob(b.asText(), where);
                }
                for (JsonNode c : array(step, "controllers", where)) {
                    key(c.asText(), where);
                }
                labels.add(step.get("call").asText());
            }
            default -> { // resume, cancel
                String label = text(step, kind, where);
                if (!labels.contains(label)) {
                    throw invalid(where + "no call labelled '" + label + "' before this step");
                }
                key(text(step, "from", where), where);
                if (kind.equals("resume")) {
                    budget(step, where);
                }
            }
        }
    }

    private void checkFields(JsonNode step, String kind, String where) {
        step.fieldNames().forEachRemaining(name -> {
            if (!STEP_FIELDS.get(kind).contains(name)) {
                throw invalid(where + "unknown field '" + name + "' in a " + kind + " step (expected "
                        + String.join(", ", new java.util.TreeSet<>(STEP_FIELDS.get(kind))) + ")");
            }
        });
    }

    private JsonNode object(JsonNode root, String name) {
        JsonNode n = root.path(name);
        if (n.isMissingNode()) {
            return JSON.createObjectNode();
        }
        if (!n.isObject()) {
            throw invalid("'" + name + "' must be an object of names");
        }
        return n;
    }

    private JsonNode array(JsonNode step, String name, String where) {
        JsonNode n = step.path(name);
        if (n.isMissingNode()) {
            return JSON.createArrayNode();
        }
        if (!n.isArray()) {
            throw invalid(where + "'" + name + "' must be an array");
        }
        return n;
    }

    private String text(JsonNode step, String name, String where) {
        JsonNode n = step.get(name);
        if (n == null || !n.isTextual()) {
            throw invalid(where + "'" + name + "' must be a string");
        }
        return n.asText();
    }

    private void budget(JsonNode step, String where) {
        JsonNode n = step.get("budget");
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() <= 0) {
            throw invalid(where + "'budget' must be a positive whole number of cycles");
        }
    }

    private void key(String name, String where) {
        if (!keys.containsKey(name)) {
            throw invalid(where + "unknown key '" + name + "'");
        }
    }

    private void blob(String name, String where) {
        if (!blobIds.containsKey(name)) {
            throw invalid(where + "unknown blob '" + name + "'");
        }
    }

    private void emit(int step, long block, Receipt receipt) throws IOException {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("step", step);
        line.put("block", block);
        line.putAll(ReceiptJson.of(receipt));
        Report.json(line);
    }

    private void print(int step, Map<String, Object> fields) throws IOException {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("step", step);
        line.putAll(fields);
        Report.json(line);
    }

    /** The signed bytes of one scenario step. */
    private byte[] transaction(JsonNode step) {
        byte[] tx;
        if (step.has("replay")) {
            tx = submitted.get(step.get("replay").asInt());
        } else if (step.has("call")) {
            List<byte[]> args = new ArrayList<>();
            step.path("args").forEach(a -> args.add(a.asText().getBytes(StandardCharsets.UTF_8)));
            List<SourceId> sources = new ArrayList<>();
            step.path("sources").forEach(s -> sources.add(blob(s.asText())));
            List<Address> controllers = new ArrayList<>();
            step.path("controllers").forEach(c -> controllers.add(ContractTransactions.address(key(c.asText()))));
            ECKeyPair from = key(step.get("from").asText());
            tx = ContractTransactions.sign(new TransactionDraft.Call(chainId, nonce(from), blob(step.get("code").asText()),
                    args, sources, step.get("budget").asLong(), controllers), from);
            executions.put(step.get("call").asText(), ContractTransactions.hash(tx));
        } else if (step.has("resume")) {
            ECKeyPair from = key(step.get("from").asText());
            tx = ContractTransactions.sign(new TransactionDraft.Resume(chainId, nonce(from),
                    execution(step.get("resume").asText()), step.get("budget").asLong()), from);
        } else if (step.has("cancel")) {
            ECKeyPair from = key(step.get("from").asText());
            tx = ContractTransactions.sign(new TransactionDraft.Cancel(chainId, nonce(from),
                    execution(step.get("cancel").asText())), from);
        } else {
            throw new IllegalStateException("unchecked scenario step " + step);
        }
        return tx;
    }

    /** The sender's next nonce: committed, plus those already signed into the block being built. */
    private long nonce(ECKeyPair key) {
        Address sender = ContractTransactions.address(key);
        long inBlock = signedInBlock.merge(sender, 1L, Long::sum) - 1;
        return service.nextNonce(sender) + inBlock;
    }

    private ECKeyPair key(String name) {
        return keys.get(name);
    }

    private SourceId blob(String name) {
        return blobIds.get(name);
    }

    private TxHash execution(String label) {
        return executions.get(label);
    }
}
