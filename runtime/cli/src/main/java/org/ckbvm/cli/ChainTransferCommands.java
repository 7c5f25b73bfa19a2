package org.ckbvm.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ckbvm.chain.CommittedState;
import org.ckbvm.chain.ExecutionTransfer;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.store.RocksChainStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code chain export} and {@code chain import}: one suspended execution's record and snapshot as
 * a JSON file ({@code {"format":"ckbvm-execution/1","block":N,"root":"0x..","execution":"0x..",
 * "record":"0x..","snapshot":"0x.."}}). Import restores only what the head block commits to
 * ({@link ExecutionTransfer}).
 */
final class ChainTransferCommands {
    private static final String FORMAT = "ckbvm-execution/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ChainTransferCommands() {}

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Write one suspended execution (record and snapshot) to a file.")
    static final class Export implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
        Path db;

        @Option(names = "--execution", required = true, paramLabel = "HASH", converter = Values.Hash.class,
                description = "The execution (64 hex digits).")
        TxHash execution;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
        Path out;

        @Override
        public Integer call() throws Exception {
            TxHash key = execution;
            Values.checkWritableFile("--out", out);
            try (RocksChainStore store = ChainCommand.openChainState(db)) {
                ExecutionTransfer.Exported e = ExecutionTransfer.export(CommittedState.open(store), key);
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("format", FORMAT);
                file.put("block", e.block());
                file.put("root", ChainProofCommands.hex(e.root()));
                file.put("execution", e.execution().toString());
                file.put("record", ChainProofCommands.hex(e.record()));
                file.put("snapshot", ChainProofCommands.hex(e.snapshot()));
                JSON.writeValue(out.toFile(), file);
                System.out.println("exported " + key + " at block " + e.block() + " to " + out);
                return ExitStatus.OK;
            } catch (ExecutionTransfer.RefusedException e) {
                return Report.error(false, "Refused", e.getMessage(), ExitStatus.FAILED);
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Restore an exported execution into a chain state whose head block commits to it.")
    static final class Import implements Callable<Integer> {
        @Option(names = "--db", required = true, paramLabel = "DIR", description = "The chain-state folder.")
        Path db;

        @Parameters(paramLabel = "FILE", description = "A file written by `chain export`.")
        Path file;

        @Override
        public Integer call() throws Exception {
            JsonNode n = ChainProofCommands.readJson("FILE", file);
            if (!FORMAT.equals(n.path("format").asText())) {
                throw UsageException.badValue("FILE", file.toString(), "a file written by 'chain export' (format "
                        + FORMAT + ")");
            }
            ExecutionTransfer.Exported e;
            try {
                e = new ExecutionTransfer.Exported(n.path("block").asLong(), ChainProofCommands.unhex(n.path("root").asText()),
                        TxHash.fromHex(n.path("execution").asText()), ChainProofCommands.unhex(n.path("record").asText()),
                        ChainProofCommands.unhex(n.path("snapshot").asText()));
            } catch (IllegalArgumentException ex) {
                throw UsageException.badValue("FILE", file.toString(), "a file written by 'chain export'; " + ex.getMessage());
            }
            try (RocksChainStore store = ChainCommand.openChainState(db)) {
                ExecutionTransfer.importInto(store, e);
                System.out.println("imported " + e.execution());
                return ExitStatus.OK;
            } catch (ExecutionTransfer.RefusedException ex) {
                return Report.error(false, "Refused", "refused: " + ex.getMessage(), ExitStatus.FAILED);
            }
        }
    }
}
