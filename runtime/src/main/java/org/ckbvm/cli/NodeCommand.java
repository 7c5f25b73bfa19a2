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
import java.util.concurrent.CompletableFuture;

import org.ckbvm.plugin.ContractTransactions;
import org.ckbvm.plugin.ReferenceHost;
import org.ckbvm.plugin.TransactionDraft;
import org.ckbvm.plugin.api.Address;
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
 * ServiceLoader, signs the scenario's transactions with its keys, submits them in order and
 * prints each receipt as one JSON line. Scenario format (JSON):
 * <pre>
 * {"chain_id": 7,
 *  "blobs": {"NAME": "path relative to the scenario file", ...},
 *  "keys":  {"NAME": "private key, hex", ...},
 *  "steps": [
 *    {"call": "LABEL", "from": "KEY", "code": "BLOB", "args": ["..."], "sources": ["BLOB", ...],
 *     "budget": N, "controllers": ["KEY", ...]},
 *    {"resume": "LABEL", "from": "KEY", "budget": N},
 *    {"cancel": "LABEL", "from": "KEY"},
 *    {"replay": STEP_INDEX},                    re-submits the bytes of an earlier step
 *    {"restart": true},                         stops the plugin and starts it again
 *    {"parallel": [STEP, STEP, ...]}            submits several steps at once
 *  ]}
 * </pre>
 * LABEL names the execution a call starts; resume and cancel refer to it.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Run a JSON scenario of signed transactions through the plugin; print receipts as JSON lines.")
final class NodeCommand implements Callable<Integer> {

    @Option(names = "--scenario", required = true, paramLabel = "FILE")
    Path scenario;

    @Option(names = "--db", defaultValue = "ckbvm-data", paramLabel = "DIR",
            description = "The plugin's store folder (default: ${DEFAULT-VALUE}).")
    Path db;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ECKeyPair> keys = new HashMap<>();
    private final Map<String, SourceId> blobIds = new HashMap<>();
    private final Map<String, TxHash> executions = new HashMap<>();
    private final List<byte[]> submitted = new ArrayList<>();
    private long nonce;
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
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(db)
                        .withChainId(chainId));
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
                } else if (step.has("parallel")) {
                    List<CompletableFuture<Receipt>> futures = new ArrayList<>();
                    ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
                    for (JsonNode inner : step.get("parallel")) {
                        futures.add(service.submitAsync(transaction(inner), index));
                    }
                    for (CompletableFuture<Receipt> f : futures) {
                        emit(index, f.get());
                    }
                } else {
                    ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
                    emit(index, service.submit(transaction(step), index));
                }
                index++;
            }
        } finally {
            plugin.stop();
        }
        return 0;
    }

    private void emit(int step, Receipt receipt) throws IOException {
        Map<String, Object> line = new java.util.LinkedHashMap<>();
        line.put("step", step);
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
            tx = ContractTransactions.sign(new TransactionDraft.Call(chainId, nonce++, blob(step.get("code").asText()),
                    args, sources, step.get("budget").asLong(), controllers), key(step.get("from").asText()));
            executions.put(step.get("call").asText(), ContractTransactions.hash(tx));
        } else if (step.has("resume")) {
            tx = ContractTransactions.sign(new TransactionDraft.Resume(chainId, nonce++, execution(step.get("resume").asText()),
                    step.get("budget").asLong()), key(step.get("from").asText()));
        } else if (step.has("cancel")) {
            tx = ContractTransactions.sign(new TransactionDraft.Cancel(chainId, nonce++, execution(step.get("cancel").asText())),
                    key(step.get("from").asText()));
        } else {
            throw new IllegalArgumentException("unknown scenario step " + step);
        }
        submitted.add(tx);
        return tx;
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
