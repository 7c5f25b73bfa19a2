package org.ckbvm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.transaction.TransactionDraft;
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
 * {@code demo [--db DIR] [--budget N]}: what a node does with the plugin, end to end. It
 * discovers the plugin through ServiceLoader, opens the embedded store, deploys a long-running
 * contract of ours (1000 rounds of SHA-256), pays for it in segments, shows progress and every
 * receipt, and checks the final state root against the contract's conformance vector.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a long contract through the plugin, paid in segments, and check its final state root.",
            "It runs the copy of testvectors/elf/sha256 packed in the jar (1000 rounds), one transaction per block, "
                + "on the chain state in --db; run again, it goes on from the chain's head.",
            "Exit status: 0 if the final state root matches the conformance vector, 1 if not, 4 if the chain state "
                + "cannot be opened."})
final class DemoCommand implements Callable<Integer> {
    private static final String VECTOR = "sha256/v2_imc_b_mop/ckb_arg";
    private static final long CHAIN = 1;

    @Option(names = "--db", paramLabel = "DIR", defaultValue = "ckbvm-chain",
            description = "Chain-state folder (default: ./${DEFAULT-VALUE}).")
    Path db;

    @Option(names = "--budget", paramLabel = "CYCLES", defaultValue = "800000", converter = Values.PositiveLong.class,
            description = "Cycles paid per transaction (default: ${DEFAULT-VALUE}).")
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
                .offer(ChainSpec.class, ChainSpec.defaults().withChainId(CHAIN))
                .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(db));
        ExecutionPlugin plugin = ReferenceHost.discover("ckbvm");
        System.out.println("plugin " + plugin.name() + " " + plugin.version() + " (found through ServiceLoader), store " + db);
        plugin.register(host);
        plugin.start();
        try {
            ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
            ECKeyPair owner = ECKeyPair.create(BigInteger.valueOf(0xC0FFEE));
            ECKeyPair stranger = ECKeyPair.create(BigInteger.valueOf(0xBAD));
            System.out.println("chain state at block " + service.head().number() + "; contract sha256 "
                    + new String(args.get(0), StandardCharsets.UTF_8) + " (the jar's copy of testvectors/elf/sha256, id "
                    + code + "), " + budget + " cycles paid per transaction, one transaction per block");

            Receipt receipt = only(BlockProducer.next(service, List.of(ContractTransactions.sign(
                    new TransactionDraft.Call(CHAIN, service.nextNonce(ContractTransactions.address(owner)), code, args,
                            List.of(), budget, List.of()), owner))));
            TxHash execution = receipt.execution();
            boolean strangerTried = false;
            while (receipt instanceof Receipt.Suspended suspended) {
                progress(suspended.totalCycles(), expectedCycles, suspended.segments(), suspended.segmentCycles(),
                        suspended.snapshotBytes(), execution);
                if (!strangerTried) {
                    strangerTried = true;
                    Receipt refused = only(BlockProducer.next(service, List.of(ContractTransactions.sign(
                            new TransactionDraft.Resume(CHAIN, service.nextNonce(ContractTransactions.address(stranger)),
                                    execution, budget), stranger))));
                    System.out.println("  a stranger tries to resume it: " + ReceiptJson.of(refused).get("message")
                            + " (charged " + refused.gasUsed() + " gas)");
                }
                receipt = only(BlockProducer.next(service, List.of(ContractTransactions.sign(
                        new TransactionDraft.Resume(CHAIN, service.nextNonce(ContractTransactions.address(owner)),
                                execution, budget), owner))));
            }
            if (receipt instanceof Receipt.Completed done) {
                progress(done.totalCycles(), expectedCycles, done.segments(), done.segmentCycles(), 0, execution);
            }
            System.out.println(new ObjectMapper().writeValueAsString(ReceiptJson.of(receipt)));
            if (!(receipt instanceof Receipt.Completed done)) {
                System.out.println("the contract did not complete");
                return ExitStatus.FAILED;
            }
            String root = HexFormat.of().formatHex(done.stateRoot());
            boolean match = root.equals(expectedRoot) && done.totalCycles() == expectedCycles;
            System.out.println(done.segments() + " segments, " + done.totalCycles() + " cycles in total; chain at block "
                    + service.head().number() + ", commitment root 0x"
                    + HexFormat.of().formatHex(service.head().commitmentRoot()));
            System.out.println(match
                    ? "final state root 0x" + root + " matches test vector " + VECTOR
                    : "MISMATCH: final state root 0x" + root + ", cycles " + done.totalCycles() + "; test vector "
                    + VECTOR + " expects 0x" + expectedRoot + ", cycles " + expectedCycles);
            return match ? ExitStatus.OK : ExitStatus.FAILED;
        } finally {
            plugin.stop();
        }
    }

    private static Receipt only(CommittedBlock block) {
        return block.receipts().get(0);
    }

    private static void progress(long total, long expected, int segments, long segmentCycles, long snapshotBytes,
                                 TxHash execution) {
        int width = 30;
        int filled = (int) Math.min(width, total * width / Math.max(1, expected));
        System.out.printf("[%s%s] %3d%%  cycles %,d / %,d  segment %d (+%,d)  %s  execution %s...%n",
                "#".repeat(filled), ".".repeat(width - filled), total * 100 / Math.max(1, expected),
                total, expected, segments, segmentCycles,
                snapshotBytes > 0 ? String.format("snapshot %,d bytes", snapshotBytes) : "completed",
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
