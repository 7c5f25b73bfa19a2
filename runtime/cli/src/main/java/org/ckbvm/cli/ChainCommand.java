package org.ckbvm.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ckbvm.simulation.ReferenceHost;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionPlugin;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.simulation.ChainFile;
import org.ckbvm.simulation.ChainGenerator;
import org.ckbvm.simulation.ChainPlayer;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.RocksChainStore;
import org.ckbvm.store.StoreException;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chain generate|run|log}: generated chains played through the plugin, block by block,
 * with reorgs; the contract other tools depend on (README, "The chain command").
 */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = "Generate a random valid chain, play it through the plugin, print the canonical chain.",
        subcommands = {ChainCommand.Generate.class, ChainCommand.Run.class, ChainCommand.Log.class,
                ChainProofCommands.Prove.class, ChainProofCommands.VerifyProof.class, ChainAuditCommand.class,
                ChainTransferCommands.Export.class, ChainTransferCommands.Import.class})
final class ChainCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a random but valid JSON chain (same seed and count, same file).")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--seed", required = true, description = "The random seed.")
        long seed;

        @Option(names = "--blocks", required = true, paramLabel = "N", description = "How many blocks (reorg entries come on top).")
        int blocks;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the chain.")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (blocks < 1) {
                System.err.println("error: --blocks must be at least 1, got " + blocks);
                return 2;
            }
            ChainFile file = ChainGenerator.generate(seed, blocks);
            file.write(out);
            long reorgs = file.entries().stream().filter(e -> e instanceof ChainFile.Entry.ReorgTo).count();
            long txs = file.entries().stream().filter(e -> e instanceof ChainFile.Entry.Block)
                    .mapToLong(e -> ((ChainFile.Entry.Block) e).transactions().size()).sum();
            System.out.println("wrote " + out + ": " + blocks + " blocks, " + reorgs + " reorgs, " + txs + " transactions");
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Execute a chain file block by block; run again on the same --db after a crash to continue.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
        Path db;

        @Option(names = "--blocks", required = true, paramLabel = "FILE", description = "The chain file.")
        Path blocks;

        @Option(names = "--threads", defaultValue = "2", description = "Threads for independent transactions (default: ${DEFAULT-VALUE}).")
        int threads;

        @Mixin
        EngineOption engine;

        @Option(names = "--pause-before-commit", hidden = true, paramLabel = "N",
                description = "Crash tests: before committing block N, print a line and wait to be killed.")
        long pauseBeforeCommit = -1;

        @Override
        public Integer call() throws Exception {
            if (threads < 1) {
                System.err.println("error: --threads must be at least 1, got " + threads);
                return 2;
            }
            try {
                engine.engine();
            } catch (IllegalArgumentException e) {
                System.err.println("error: --engine: " + e.getMessage());
                return 2;
            }
            ChainFile file = ChainFile.read(blocks);
            InMemoryDataSource data = new InMemoryDataSource();
            file.blobs().forEach(data::add);
            ReferenceHost host = new ReferenceHost()
                    .offer(DataSource.class, data)
                    .offer(ChainSpec.class, file.spec())
                    .offer(PluginConfiguration.class, PluginConfiguration.defaults().withStoreFolder(db)
                            .withExecutionThreads(threads).withEngine(engine.engine));
            ExecutionPlugin plugin = ReferenceHost.discover("ckbvm");
            plugin.register(host);
            plugin.start();
            try {
                ContractExecutionService service = host.service(ContractExecutionService.class).orElseThrow();
                Map<String, Integer> kinds = new java.util.TreeMap<>();
                ChainPlayer.Result r = ChainPlayer.play(file, service, block -> block.receipts().forEach(
                        receipt -> kinds.merge(receipt.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT),
                                1, Integer::sum)), number -> {
                    if (number == pauseBeforeCommit) {
                        System.out.println("paused before committing block " + number);
                        System.out.flush();
                        try {
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                });
                System.out.println("played " + r.blocks() + " blocks (" + r.transactions() + " transactions) and "
                        + r.reorgs() + " reorgs" + (r.skippedEntries() > 0 ? ", continuing after entry "
                        + r.skippedEntries() : "") + "; head block " + r.head().number() + " " + r.head().hash()
                        + ", root 0x" + HexFormat.of().formatHex(r.head().commitmentRoot()));
                System.out.println("receipts: " + kinds);
                return 0;
            } finally {
                plugin.stop();
            }
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true,
            description = "Print the canonical chain of a chain-state folder: one JSON line per block, oldest first.")
    static final class Log implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
        Path db;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(db)) {
                System.err.println("error: --db " + db + ": no such folder");
                return 2;
            }
            try (RocksChainStore store = RocksChainStore.open(db, false)) {
                long head = store.headNumber();
                for (long n = 1; n <= head; n++) {
                    var entry = store.block(n).orElseThrow(() -> new IllegalStateException("block entry missing"));
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("number", n);
                    line.put("hash", entry.hash().toString());
                    line.put("root", "0x" + HexFormat.of().formatHex(entry.commitmentRoot()));
                    line.put("receipts", "0x" + HexFormat.of().formatHex(entry.receiptsHash()));
                    System.out.println(JSON.writeValueAsString(line));
                }
                return 0;
            } catch (StoreException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
        }
    }
}
