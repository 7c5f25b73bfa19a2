package org.ckbvm.simulation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainSpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chain as a JSON file ({@code chain generate} writes it, {@code chain run} plays it):
 * <pre>
 * {"format": "ckbvm-chain-file/1", "seed": S,
 *  "chain_spec": {"chain_id": N, "forks": [{"from_block": 0, "machine_version": 2, "isa": "imc,b,mop",
 *                 "cost_model": "ckb", "memory_size": 4194304}, ...],
 *                 "max_cycles_per_transaction": N, "max_cycles_per_execution": N, "max_snapshot_bytes": N,
 *                 "max_blob_bytes": N, "max_suspended_per_sender": N, "max_transaction_bytes": N,
 *                 "intrinsic_cycles": N, "cycles_per_transaction_byte": N},
 *  "blobs": ["0x..", ...],                         the data source: every contract and data blob
 *  "blocks": [
 *    {"number": 1, "parent": "0x..", "hash": "0x..", "transactions": ["0x<signed tx>", ...]},
 *    {"reorg_to": "0x<block hash>"},               rewind to that block; a different branch follows
 *    ...]}
 * </pre>
 */
public record ChainFile(long seed, ChainSpec spec, List<byte[]> blobs, List<Entry> entries) {
    static final String FORMAT = "ckbvm-chain-file/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    /** One step of the file: a block, or a rewind to an earlier block. */
    public sealed interface Entry {
        record Block(BlockContext context, List<byte[]> transactions) implements Entry {}

        record ReorgTo(BlockHash target) implements Entry {}
    }

    public void write(Path file) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("seed", seed);
        root.set("chain_spec", JSON.valueToTree(specFields(spec)));
        ArrayNode blobArray = root.putArray("blobs");
        blobs.forEach(b -> blobArray.add(hex(b)));
        ArrayNode blocks = root.putArray("blocks");
        for (Entry e : entries) {
            ObjectNode o = blocks.addObject();
            if (e instanceof Entry.Block b) {
                o.put("number", b.context().number());
                o.put("parent", b.context().parent().toString());
                o.put("hash", b.context().hash().toString());
                ArrayNode txs = o.putArray("transactions");
                b.transactions().forEach(t -> txs.add(hex(t)));
            } else {
                o.put("reorg_to", ((Entry.ReorgTo) e).target().toString());
            }
        }
        JSON.writeValue(file.toFile(), root);
    }

    /**
     * Reads a chain file.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static ChainFile read(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not JSON: " + e.getOriginalMessage());
        }
        try {
            if (root == null || !FORMAT.equals(root.path("format").asText())) {
                throw new IllegalArgumentException("its \"format\" is not \"" + FORMAT + "\"");
            }
            ChainSpec spec = parseSpec(required(root, "chain_spec"));
            List<byte[]> blobs = new ArrayList<>();
            for (JsonNode b : required(root, "blobs")) {
                blobs.add(unhex(b.asText()));
            }
            List<Entry> entries = new ArrayList<>();
            for (JsonNode e : required(root, "blocks")) {
                if (e.has("reorg_to")) {
                    entries.add(new Entry.ReorgTo(BlockHash.fromHex(e.get("reorg_to").asText())));
                } else {
                    List<byte[]> txs = new ArrayList<>();
                    for (JsonNode t : required(e, "transactions")) {
                        txs.add(unhex(t.asText()));
                    }
                    entries.add(new Entry.Block(new BlockContext(required(e, "number").asLong(),
                            BlockHash.fromHex(required(e, "parent").asText()),
                            BlockHash.fromHex(required(e, "hash").asText())), txs));
                }
            }
            return new ChainFile(root.path("seed").asLong(), spec, blobs, entries);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a chain file: " + e.getMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field \"" + field + "\"");
        }
        return v;
    }

    static Map<String, Object> specFields(ChainSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("chain_id", s.chainId());
        List<Map<String, Object>> forks = new ArrayList<>();
        for (ChainSpec.Fork f : s.forks()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("from_block", f.fromBlock());
            fm.put("machine_version", f.machineVersion());
            fm.put("isa", f.isa());
            fm.put("cost_model", f.costModel());
            fm.put("memory_size", f.memorySize());
            forks.add(fm);
        }
        m.put("forks", forks);
        m.put("max_cycles_per_transaction", s.maxCyclesPerTransaction());
        m.put("max_cycles_per_execution", s.maxCyclesPerExecution());
        m.put("max_snapshot_bytes", s.maxSnapshotBytes());
        m.put("max_blob_bytes", s.maxBlobBytes());
        m.put("max_suspended_per_sender", s.maxSuspendedPerSender());
        m.put("max_transaction_bytes", s.maxTransactionBytes());
        m.put("intrinsic_cycles", s.intrinsicCycles());
        m.put("cycles_per_transaction_byte", s.cyclesPerTransactionByte());
        return m;
    }

    static ChainSpec parseSpec(JsonNode n) {
        List<ChainSpec.Fork> forks = new ArrayList<>();
        for (JsonNode f : required(n, "forks")) {
            forks.add(new ChainSpec.Fork(required(f, "from_block").asLong(), required(f, "machine_version").asInt(),
                    required(f, "isa").asText(), required(f, "cost_model").asText(), required(f, "memory_size").asLong()));
        }
        return new ChainSpec(required(n, "chain_id").asLong(), forks, required(n, "max_cycles_per_transaction").asLong(),
                required(n, "max_cycles_per_execution").asLong(), required(n, "max_snapshot_bytes").asLong(),
                required(n, "max_blob_bytes").asLong(), required(n, "max_suspended_per_sender").asInt(),
                required(n, "max_transaction_bytes").asInt(), required(n, "intrinsic_cycles").asLong(),
                required(n, "cycles_per_transaction_byte").asLong());
    }

    static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    static byte[] unhex(String s) {
        String digits = s.startsWith("0x") ? s.substring(2) : s;
        return HEX.parseHex(digits);
    }
}
