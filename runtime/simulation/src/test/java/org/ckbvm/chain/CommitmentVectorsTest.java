package org.ckbvm.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ckbvm.TestVectors;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.simulation.ChainFile;
import org.ckbvm.simulation.ChainGenerator;
import org.ckbvm.simulation.ChainPlayer;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.BlockEntry;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The worked values of testvectors/STATE_ROOT.md Part II, generated here and compared byte for
 * byte with the committed files (rewrite them with {@code -Dckbvm.vectors.write=true}; a change
 * is a consensus change): {@code testvectors/commitment/vectors.json} (every encoding, a map, a
 * commitment and its proofs, receipts and their hash) and {@code chain-2026-44.log}, the
 * {@code chain log} of {@code chain generate --seed 2026 --blocks 44}.
 */
class CommitmentVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private static byte[] filled(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    private static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }

    private static Map<String, Object> recordVector(SuspensionRecord record) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("form", record.form().name().toLowerCase(java.util.Locale.ROOT));
        r.put("execution", record.execution().toString());
        r.put("owner", record.owner().toString());
        r.put("controllers", List.of(record.controllers().get(0).toString()));
        r.put("machine_version", record.profile().version());
        r.put("isa", "imc,b,mop (3)");
        r.put("cost_model", "ckb");
        r.put("memory_size", record.profile().memorySize());
        r.put("program", record.program().toString());
        r.put("sources", List.of(record.sources().get(0).toString()));
        r.put("script", hex(record.script()));
        r.put("created_at_block", record.createdAt());
        r.put("budget_paid", record.budgetPaid());
        r.put("total_cycles", record.totalCycles());
        r.put("segments", record.segments());
        r.put("state_root", hex(record.stateRoot()));
        r.put("encoding", hex(record.encode()));
        r.put("hash", hex(record.hash()));
        return r;
    }

    @Test
    void encodingsMapsProofsAndReceiptsMatchTheCommittedVectors() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        SuspensionRecord record = new SuspensionRecord(SuspensionRecord.Form.MACHINE, TxHash.of(filled(32, 1)), Address.of(filled(20, 0x40)),
                List.of(Address.of(filled(20, 0x60))), new MachineConfig(2, 3, CostModel.CKB, 4L << 20),
                SourceId.of(filled(32, 0x80)), List.of(SourceId.of(filled(32, 0xa0))), "script".getBytes(StandardCharsets.US_ASCII),
                5, 600_000, 512_345, 2, filled(32, 0xc0));
        out.put("record", recordVector(record));
        // the same execution after its first spawn: the whole scheduler, its bundle root in the record
        SuspensionRecord scheduler = new SuspensionRecord(SuspensionRecord.Form.SCHEDULER, record.execution(),
                record.owner(), record.controllers(), record.profile(), record.program(), record.sources(),
                record.script(), 5, 600_000, 512_345, 2, filled(32, 0xd0));
        out.put("record_scheduler", recordVector(scheduler));

        Account account = new Account(3, 1);
        Address address = Address.of(filled(20, 0x40));
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("address", address.toString());
        a.put("next_nonce", 3);
        a.put("suspended", 1);
        a.put("encoding", hex(account.encode()));
        a.put("hash", hex(account.hash()));
        a.put("key", hex(Account.key(address)));
        out.put("account", a);

        TreeMap<TxHash, byte[]> records = new TreeMap<>();
        byte[][] keys = {filled(32, 0), filled(32, 1), filled(32, 0x80), filled(32, 0x81), filled(32, 0xf0)};
        for (byte[] k : keys) {
            records.put(TxHash.of(k), CkbHash.hash(k));
        }
        records.put(record.execution(), record.hash());
        Commitment c = Commitment.of(records, Map.of(address, account.hash()));
        Map<String, Object> commitment = new LinkedHashMap<>();
        commitment.put("executions", records.entrySet().stream().map(e -> List.of(e.getKey().toString(),
                hex(e.getValue()))).toList());
        commitment.put("accounts", List.of(List.of(address.toString(), hex(account.hash()))));
        commitment.put("empty_root", hex(Commitment.empty().root()));
        commitment.put("executions_root", hex(c.executionsRoot()));
        commitment.put("accounts_root", hex(c.accountsRoot()));
        commitment.put("root", hex(c.root()));
        commitment.put("proof_present", proof(c.proveExecution(record.execution())));
        commitment.put("proof_absent", proof(c.proveExecution(TxHash.of(filled(32, 2)))));
        out.put("commitment", commitment);

        TxHash tx = TxHash.of(filled(32, 7));
        TxHash ex = TxHash.of(filled(32, 9));
        List<Receipt> receipts = List.of(
                new Receipt.Completed(tx, ex, 20_100, 10_000, 30_000, 3, filled(32, 0x33)),
                new Receipt.Suspended(tx, ex, 20_100, 10_000, 30_000, 2, filled(32, 0x33), 12_810),
                new Receipt.Cancelled(tx, ex, 10_100, 0, 30_000),
                new Receipt.Failed(tx, ex, new ExecutionError.VmFailure("MemOutOfBound", "not encoded"), 10_600, 500, 500),
                new Receipt.Failed(tx, ex, new ExecutionError.NonZeroExit(-1), 10_600, 500, 500),
                new Receipt.Failed(tx, ex, new ExecutionError.Unauthorized(address, ex), 10_100, 0, 30_000),
                new Receipt.Failed(tx, ex, new ExecutionError.UnknownExecution(ex), 10_100, 0, 0),
                new Receipt.Rejected(tx, ex, new ExecutionError.InvalidTransaction("not encoded")),
                new Receipt.Rejected(tx, ex, new ExecutionError.NonceMismatch(address, 4, 2)),
                new Receipt.Failed(tx, ex, new ExecutionError.MissingSource(SourceId.of(filled(32, 0x80))), 10_100, 0, 0),
                new Receipt.Failed(tx, ex, new ExecutionError.LimitExceeded("max snapshot size", "not encoded"), 90_000, 79_900, 79_900));
        List<Object> encoded = new ArrayList<>();
        for (Receipt receipt : receipts) {
            encoded.add(List.of(receipt.toString(), hex(ReceiptCodec.encode(receipt))));
        }
        out.put("receipts", encoded);
        out.put("receipts_hash", hex(ReceiptCodec.hash(receipts)));
        out.put("receipts_hash_of_none", hex(ReceiptCodec.hash(List.of())));

        compare(TestVectors.root().resolve("commitment").resolve("vectors.json"), JSON.writeValueAsString(out) + "\n");
    }

    private static Map<String, Object> proof(CommitmentProof p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", hex(p.proof().key()));
        m.put("siblings", p.proof().siblings().stream().map(CommitmentVectorsTest::hex).toList());
        if (p.proof().terminal() instanceof MerkleProof.Terminal.Leaf leaf) {
            m.put("terminal", List.of("leaf", hex(leaf.key()), hex(leaf.valueHash())));
        } else {
            m.put("terminal", List.of("empty"));
        }
        m.put("other_root", hex(p.otherRoot()));
        return m;
    }

    @Test
    void aGeneratedChainGivesTheCommittedChainLog() throws Exception {
        ChainFile chain = ChainGenerator.generate(2026, 44);
        InMemoryDataSource data = new InMemoryDataSource();
        chain.blobs().forEach(data::add);
        MemoryChainStore store = new MemoryChainStore();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        StringBuilder log = new StringBuilder();
        try {
            ChainExecutor executor = new ChainExecutor(chain.spec(), store, data, PluginConfiguration.defaults(), pool,
                    m -> { });
            ChainPlayer.play(chain, executor, b -> { }, n -> { });
            for (long n = 1; n <= store.headNumber(); n++) {
                BlockEntry e = store.block(n).orElseThrow();
                log.append("{\"number\":").append(n).append(",\"hash\":\"").append(e.hash()).append("\",\"root\":\"")
                        .append(hex(e.commitmentRoot())).append("\",\"receipts\":\"").append(hex(e.receiptsHash()))
                        .append("\"}\n");
            }
        } finally {
            pool.shutdownNow();
        }
        compare(TestVectors.root().resolve("commitment").resolve("chain-2026-44.log"), log.toString());
    }

    private static void compare(Path file, String actual) throws Exception {
        if (Boolean.getBoolean("ckbvm.vectors.write")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertEquals(Files.exists(file) ? Files.readString(file) : "(missing " + file + ")", actual,
                file + " differs: a consensus encoding changed (regenerate with -Dckbvm.vectors.write=true only if intended)");
    }
}
