package org.ckbvm.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * ({@code step}, {@code block}, then the receipt's fields). Scenario format (JSON):
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
 * LABEL names the execution a call starts; resume and cancel refer to it.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a JSON scenario of signed transactions through the plugin; print receipts as JSON lines.")
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, paramLabel = "FILE")
    Path scenario;

    @Option(names = "--db", defaultValue = "ckbvm-chain", paramLabel = "DIR",
            description = "The plugin's chain-state folder (default: ${DEFAULT-VALUE}).")
    Path db;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ECKeyPair> keys = new HashMap<>();
    private final Map<String, SourceId> blobIds = new HashMap<>();
    private final Map<String, TxHash> executions = new HashMap<>();
    private final List<byte[]> submitted = new ArrayList<>();
    /** Nonces signed into the block being built, per sender, on top of the committed next nonce. */
    private final Map<Address, Long> signedInBlock = new HashMap<>();
    private ContractExecutionService service;
    private long chainId;

    @Override
    public Integer call() throws Exception {
        JsonNode root = JSON.readTree(scenario.toFile());
        chainId = root.path("chain_id").asLong(1);
        InMemoryDataSource blobs = new InMemoryDataSource();
        Path base = scenario.toAbsolutePath().getParent();
        root.path("blobs").fields().forEachRemaining(e -> {
            try {
                blobIds.put(e.getKey(), blobs.add(Files.readAllBytes(base.resolve(e.getValue().asText()))));
            } catch (IOException ex) {
                throw new IllegalArgumentException("blob " + e.getKey() + ": " + ex.getMessage(), ex);
            }
        });
        root.path("keys").fields().forEachRemaining(e ->
                keys.put(e.getKey(), ECKeyPair.create(new BigInteger(e.getValue().asText().replaceFirst("^0x", ""), 16))));

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
                if (step.path("restart").asBoolean(false)) {
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
                        block.add(transaction(step));
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
        return 0;
    }

    private void emit(int step, long block, Receipt receipt) throws IOException {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("step", step);
        line.put("block", block);
        line.putAll(ReceiptJson.of(receipt));
        System.out.println(JSON.writeValueAsString(line));
    }

    private void print(int step, Map<String, Object> fields) throws IOException {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("step", step);
        line.putAll(fields);
        System.out.println(JSON.writeValueAsString(line));
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
            throw new IllegalArgumentException("unknown scenario step " + step);
        }
        submitted.add(tx);
        return tx;
    }

    /** The sender's next nonce: committed, plus those already signed into the block being built. */
    private long nonce(ECKeyPair key) {
        Address sender = ContractTransactions.address(key);
        long inBlock = signedInBlock.merge(sender, 1L, Long::sum) - 1;
        return service.nextNonce(sender) + inBlock;
    }

    private ECKeyPair key(String name) {
        ECKeyPair k = keys.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown key '" + name + "'");
        }
        return k;
    }

    private SourceId blob(String name) {
        SourceId id = blobIds.get(name);
        if (id == null) {
            throw new IllegalArgumentException("unknown blob '" + name + "'");
        }
        return id;
    }

    private TxHash execution(String label) {
        TxHash h = executions.get(label);
        if (h == null) {
            throw new IllegalArgumentException("no call labelled '" + label + "' before this step");
        }
        return h;
    }
}
