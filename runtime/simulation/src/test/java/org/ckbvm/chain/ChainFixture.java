package org.ckbvm.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.ckbvm.TestVectors;
import org.ckbvm.simulation.BlockProducer;
import org.ckbvm.machine.Engine;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.CommittedBlock;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.PluginConfiguration;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.store.ChainStore;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.TransactionDraft;
import org.web3j.crypto.ECKeyPair;

/** A chain executor over a given store with our test programs as data, and signing helpers with nonces in order. */
final class ChainFixture implements AutoCloseable {
    static final long CHAIN = 7;
    static final ECKeyPair ALICE = ECKeyPair.create(BigInteger.valueOf(0xA11CE));
    static final ECKeyPair BOB = ECKeyPair.create(BigInteger.valueOf(0xB0B));
    static final ECKeyPair EVE = ECKeyPair.create(BigInteger.valueOf(0xE7E));
    static final InMemoryDataSource DATA = new InMemoryDataSource();
    static final SourceId LOOP = add("loop_forever");
    static final SourceId EXIT0 = add("exit0");
    static final SourceId SHA256 = add("sha256");
    static final SourceId LOAD_BLOB = add("load_blob");
    static final SourceId BLOB_DATA = add("blob_data.bin");
    static final SourceId BLOB_CODE = add("blob_code.bin");
    static final SourceId ERR_LOAD = add("err_load_oob");

    /** Small budgets and caps so that tests reach every limit quickly. */
    static final ChainSpec SPEC = new ChainSpec(CHAIN, List.of(new ChainSpec.Fork(0, 2, "imc,b,mop", "ckb", 4L << 20)),
            2_000_000, 20_000_000, 1L << 20, 1L << 20, 3, 16 << 10, 10_000, 8);

    final ChainStore store;
    final ExecutorService pool;
    final ChainExecutor executor;
    private final Map<Address, Long> nonces = new HashMap<>();

    ChainFixture(ChainStore store) {
        this(SPEC, store, 2, Engine.INTERP, DATA);
    }

    ChainFixture(ChainSpec spec, ChainStore store, int threads, Engine engine, DataSource data) {
        this.store = store;
        this.pool = Executors.newFixedThreadPool(threads);
        this.executor = new ChainExecutor(spec, store, data, PluginConfiguration.defaults().withEngine(engine.id())
                .withRetainedBlocks(16), pool, m -> { });
    }

    private static SourceId add(String name) {
        try {
            return DATA.add(Files.readAllBytes(TestVectors.elf(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Address address(ECKeyPair key) {
        return ContractTransactions.address(key);
    }

    /** The next nonce of {@code who}: committed, or past those signed since the last {@link #forgetNonces}. */
    long nonce(ECKeyPair who) {
        Address a = address(who);
        long n = nonces.getOrDefault(a, executor.nextNonce(a));
        nonces.put(a, n + 1);
        return n;
    }

    /** Take nonces from the committed state again (after rejected or aborted transactions). */
    void forgetNonces() {
        nonces.clear();
    }

    byte[] call(ECKeyPair who, SourceId code, List<byte[]> args, List<SourceId> sources, long budget,
                ECKeyPair... controllers) {
        List<Address> ctl = new ArrayList<>();
        for (ECKeyPair c : controllers) {
            ctl.add(address(c));
        }
        return ContractTransactions.sign(new TransactionDraft.Call(CHAIN, nonce(who), code, args, sources, budget, ctl), who);
    }

    byte[] call(ECKeyPair who, SourceId code, long budget) {
        return call(who, code, List.of(), List.of(), budget);
    }

    byte[] resume(ECKeyPair who, TxHash execution, long budget) {
        return ContractTransactions.sign(new TransactionDraft.Resume(CHAIN, nonce(who), execution, budget), who);
    }

    byte[] cancel(ECKeyPair who, TxHash execution) {
        return ContractTransactions.sign(new TransactionDraft.Cancel(CHAIN, nonce(who), execution), who);
    }

    CommittedBlock block(byte[]... transactions) {
        return BlockProducer.next(executor, List.of(transactions));
    }

    Receipt one(byte[] transaction) {
        return block(transaction).receipts().get(0);
    }

    @Override
    public void close() {
        executor.stop();
        pool.shutdownNow();
        store.close();
    }
}
