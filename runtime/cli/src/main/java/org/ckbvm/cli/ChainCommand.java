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

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chain generate|run|log}: generated chains played through the plugin, block by block,
 * with reorgs; the contract other tools depend on (README, "The chain command").
 */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = {"Generate a random valid chain, play it through the plugin, print the canonical chain; "
                + "prove, audit, export and import what a chain state holds (README, \"The chain command\").",
            "Exit status: 0, 1 if a proof or audit does not hold or an import is refused, 2 on a usage error "
                + "(a file that is not what the option expects), 4 if the chain state cannot be opened or read."},
        subcommands = {ChainCommand.Generate.class, ChainCommand.Run.class, ChainCommand.Log.class,
                ChainProofCommands.Prove.class, ChainProofCommands.VerifyProof.class, ChainAuditCommand.class,
                ChainTransferCommands.Export.class, ChainTransferCommands.Import.class, HelpCommand.class})
final class ChainCommand {
    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a random but valid JSON chain (same seed and count, same file).")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--seed", required = true, paramLabel = "N", description = "The random seed (a whole number).")
        long seed;

        @Option(names = "--blocks", required = true, paramLabel = "N", converter = Values.PositiveCount.class,
                description = "How many blocks (reorg entries come on top).")
        int blocks;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the chain.")
        Path out;

        @Override
        public Integer call() throws Exception {
            Values.checkWritableFile("--out", out);
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

        @Option(names = "--threads", paramLabel = "N", defaultValue = "2", converter = Values.PositiveCount.class,
                description = "Threads for independent transactions (default: ${DEFAULT-VALUE}).")
        int threads;

        @Mixin
        EngineOption engine;

        @Option(names = "--pause-before-commit", hidden = true, paramLabel = "N",
                description = "Crash tests: before committing block N, print a line and wait to be killed.")
        long pauseBeforeCommit = -1;

        @Override
        public Integer call() throws Exception {
            ChainFile file = chainFile("--blocks", blocks);
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
            try (RocksChainStore store = openChainState(db)) {
                long head = store.headNumber();
                for (long n = 1; n <= head; n++) {
                    var entry = store.block(n).orElseThrow(() -> new IllegalStateException("block entry missing"));
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("number", n);
                    line.put("hash", entry.hash().toString());
                    line.put("root", "0x" + HexFormat.of().formatHex(entry.commitmentRoot()));
                    line.put("receipts", "0x" + HexFormat.of().formatHex(entry.receiptsHash()));
                    Report.json(line);
                }
                return ExitStatus.OK;
            }
        }
    }

    /** Opens an existing chain state; a folder that does not exist is a usage error naming the option. */
    static RocksChainStore openChainState(Path db) throws StoreException {
        if (!Files.isDirectory(db)) {
            throw UsageException.badValue("--db", db.toString(), "a chain-state folder; there is no such folder");
        }
        return RocksChainStore.open(db, false);
    }

    /** Reads a chain file; one that is missing or not a chain file is a usage error naming the option. */
    static ChainFile chainFile(String option, Path path) throws java.io.IOException {
        Values.checkReadableFile(option, path);
        try {
            return ChainFile.read(path);
        } catch (IllegalArgumentException e) {
            throw UsageException.badValue(option, path.toString(), "a chain file written by 'chain generate'; "
                    + e.getMessage());
        }
    }
}
