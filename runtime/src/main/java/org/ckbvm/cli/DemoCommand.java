package org.ckbvm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.plugin.ContractTransactions;
import org.ckbvm.plugin.ReferenceHost;
import org.ckbvm.plugin.TransactionDraft;
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
 * {@code demo [--db DIR] [--budget N]}: what a node does with the plugin, end to end. It
 * discovers the plugin through ServiceLoader, opens the embedded store, deploys a long-running
 * contract of ours (1000 rounds of SHA-256), pays for it in segments, shows progress and every
 * receipt, and checks the final state root against the contract's conformance vector.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a long contract through the plugin, paid in segments, and check its final state root.")
final class DemoCommand implements Callable<Integer> {
    private static final String VECTOR = "sha256/v2_imc_b_mop/ckb_arg";
    private static final long CHAIN = 1;

    @Option(names = "--db", defaultValue = "ckbvm-data", description = "Store folder (default: ${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--budget", defaultValue = "800000", description = "Cycles paid per transaction (default: ${DEFAULT-VALUE}).")
    long budget;

    @Override
    public Integer call() throws Exception {
        byte[] elf = resource("/demo/elf/sha256");
        JsonNode vector = findVector(new ObjectMapper().readTree(resource("/demo/vectors/sha256.json")));
        List<byte[]> args = List.of(vector.get("args").get(0).asText().getBytes(StandardCharsets.UTF_8));
        long expectedCycles = vector.get("final").get("cycles").asLong();
        String expectedRoot = vector.get("final").get("state_root").asText();

        InMemoryDataSource blobs = new InMemoryDataSource();
        SourceId code = blobs.add(elf);
        ReferenceHost host = new ReferenceHost()
                .offer(DataSource.class, blobs)
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(db).withChainId(CHAIN));
        ExecutionPlugin plugin = ReferenceHost.discover("ckbvm");
        System.out.println("plugin " + plugin.name() + " " + plugin.version() + " (found through ServiceLoader), store " + db);
        plugin.register(host);
        plugin.start();
        try {
            ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
            ECKeyPair owner = ECKeyPair.create(BigInteger.valueOf(0xC0FFEE));
            ECKeyPair stranger = ECKeyPair.create(BigInteger.valueOf(0xBAD));
            long nonce = new SecureRandom().nextLong() >>> 1; // fresh transactions each run: never a replay
            System.out.println("contract: testvectors/elf/sha256 " + new String(args.get(0), StandardCharsets.UTF_8)
                    + " (id " + code + "), " + budget + " cycles paid per transaction");

            byte[] call = ContractTransactions.sign(new TransactionDraft.Call(CHAIN, nonce++, code, args, List.of(),
                    budget, List.of()), owner);
            Receipt receipt = service.submit(call, 1);
            TxHash execution = receipt.execution();
            long height = 2;
            boolean strangerTried = false;
            while (receipt instanceof Receipt.Suspended suspended) {
                progress(suspended, expectedCycles, execution);
                if (!strangerTried) {
                    strangerTried = true;
                    Receipt refused = service.submit(ContractTransactions.sign(
                            new TransactionDraft.Resume(CHAIN, nonce++, execution, budget), stranger), height++);
                    System.out.println("  a stranger tries to resume it: " + ReceiptJson.of(refused).get("message"));
                }
                receipt = service.submit(ContractTransactions.sign(
                        new TransactionDraft.Resume(CHAIN, nonce++, execution, budget), owner), height++);
            }
            System.out.println(new ObjectMapper().writeValueAsString(ReceiptJson.of(receipt)));
            if (!(receipt instanceof Receipt.Completed done)) {
                System.out.println("the contract did not complete");
                return 1;
            }
            String root = HexFormat.of().formatHex(done.stateRoot());
            boolean match = root.equals(expectedRoot) && done.totalCycles() == expectedCycles;
            System.out.println(done.segments() + " segments, " + done.totalCycles() + " cycles in total");
            System.out.println(match
                    ? "final state root 0x" + root + " matches test vector " + VECTOR
                    : "MISMATCH: final state root 0x" + root + ", cycles " + done.totalCycles() + "; test vector "
                    + VECTOR + " expects 0x" + expectedRoot + ", cycles " + expectedCycles);
            return match ? 0 : 1;
        } finally {
            plugin.stop();
        }
    }

    private static void progress(Receipt.Suspended s, long expected, TxHash execution) {
        int width = 30;
        int filled = (int) Math.min(width, s.totalCycles() * width / Math.max(1, expected));
        System.out.printf("[%s%s] %3d%%  cycles %,d / %,d  segment %d (+%,d)  snapshot %,d bytes  execution %s...%n",
                "#".repeat(filled), ".".repeat(width - filled), s.totalCycles() * 100 / Math.max(1, expected),
                s.totalCycles(), expected, s.segments(), s.segmentCycles(), s.snapshotBytes(),
                execution.toHex().substring(0, 12));
    }

    private static JsonNode findVector(JsonNode file) {
        for (JsonNode v : file.get("vectors")) {
            if (v.get("name").asText().equals(VECTOR)) {
                return v;
            }
        }
        throw new IllegalStateException("vector " + VECTOR + " is not in the jar");
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
