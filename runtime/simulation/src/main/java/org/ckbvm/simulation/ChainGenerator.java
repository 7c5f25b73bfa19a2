package org.ckbvm.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.plugin.api.BlockContext;
import org.ckbvm.plugin.api.BlockHash;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.transaction.ContractTransactions;
import org.ckbvm.transaction.TransactionDraft;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;

/**
 * Writes a random but valid chain from a seed ({@code chain generate}): the same seed and block
 * count give the same file on every JVM ({@link SplittableRandom} is specified). Contracts are
 * our test programs packed in the jar, two of which spawn child VMs. Blocks carry Calls with small budgets (so executions run
 * over many segments), Resumes by owners, controllers and strangers, Cancels, replays of earlier
 * transactions, wrong nonces, zero budgets and garbage bytes; after about one block in twelve a
 * reorg entry rewinds 1 to 10 blocks (mostly 1 to 3) and a different branch follows. The
 * generator tracks every sender's nonce exactly (validity never depends on how a contract runs),
 * so most transactions are valid.
 */
public final class ChainGenerator {
    private static final long CHAIN_ID = 7;
    private static final int KEYS = 5;

    /** The cell deps of a contract's Calls. */
    private enum Deps {
        NONE,
        /** The two data blobs (load_blob reads them). */
        BLOBS,
        /** The program itself, at cell dep 0: the spawn programs spawn themselves from there. */
        SELF
    }

    /** A contract of the generated chains: program, how to pick its argument, and its cell deps. */
    private record Contract(String name, int minArg, int maxArg, Deps deps) {}

    private static final List<Contract> CONTRACTS = List.of(
            new Contract("sha256", 2, 60, Deps.NONE),
            new Contract("fib", 8, 20, Deps.NONE),
            new Contract("sieve", 500, 30000, Deps.NONE),
            new Contract("load_blob", 1, 3, Deps.BLOBS),
            new Contract("loop_forever", 0, 0, Deps.NONE),
            new Contract("err_load_oob", 0, 0, Deps.NONE),
            new Contract("exit0", 0, 0, Deps.NONE),
            // several VMs per script (machine version 2; InvalidEcall on the chain's version-1 blocks)
            new Contract("spawn_pipe_rw", 0, 0, Deps.SELF),
            new Contract("spawn_many", 0, 0, Deps.SELF));

    /** What a canonical block left: its context and the generator's view of the state after it. */
    private record Height(BlockContext context, Map<Integer, Long> nonces, List<Execution> executions,
                          List<byte[]> consumed) {}

    private record Execution(TxHash hash, int owner, List<Integer> controllers) {}

    private final SplittableRandom random;
    private final long seed;
    private final List<ECKeyPair> keys = new ArrayList<>();
    private final Map<String, SourceId> ids = new HashMap<>();
    private final List<byte[]> blobs = new ArrayList<>();
    private final ChainSpec spec;
    private final List<Height> canonical = new ArrayList<>();
    private Map<Integer, Long> nonces = new HashMap<>();
    private List<Execution> executions = new ArrayList<>();
    /** The transactions of the block being made that consume a nonce (replays pick from these). */
    private List<byte[]> consumed = new ArrayList<>();
    private int branch;

    private ChainGenerator(long seed, int blocks) throws IOException {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < KEYS; i++) {
            byte[] h = CkbHash.hash(("ckbvm-chain-key/" + seed + "/" + i).getBytes(StandardCharsets.US_ASCII));
            BigInteger k = new BigInteger(1, h).mod(Sign.CURVE_PARAMS.getN().subtract(BigInteger.ONE)).add(BigInteger.ONE);
            keys.add(ECKeyPair.create(k));
        }
        for (String name : List.of("sha256", "fib", "sieve", "load_blob", "loop_forever", "err_load_oob", "exit0",
                "spawn_pipe_rw", "spawn_many", "blob_data.bin", "blob_code.bin")) {
            byte[] blob = resource("/demo/elf/" + name);
            ids.put(name, CkbHash.sourceId(blob));
            blobs.add(blob);
        }
        // two forks: machine version 1 first, version 2 from the middle of the chain on
        this.spec = new ChainSpec(CHAIN_ID, List.of(new ChainSpec.Fork(0, 1, "imc,b,mop", "ckb", 4L << 20),
                new ChainSpec.Fork(Math.max(1, blocks / 2), 2, "imc,b,mop", "ckb", 4L << 20)),
                2_000_000, 6_000_000, 1L << 20, 1L << 20, 4, 16 << 10, 10_000, 8);
    }

    public static ChainFile generate(long seed, int blocks) throws IOException {
        return new ChainGenerator(seed, blocks).run(blocks);
    }

    private ChainFile run(int blocks) {
        List<ChainFile.Entry> entries = new ArrayList<>();
        int made = 0;
        while (made < blocks) {
            if (canonical.size() >= 2 && random.nextInt(12) == 0) {
                // mostly shallow reorgs, as chains have them; now and then one up to 10 blocks deep
                int deepest = Math.min(10, canonical.size());
                int depth = 1 + random.nextInt(random.nextInt(4) == 0 ? deepest : Math.min(3, deepest));
                int keep = canonical.size() - depth;
                while (canonical.size() > keep) {
                    canonical.remove(canonical.size() - 1);
                }
                Height top = keep == 0 ? null : canonical.get(keep - 1);
                nonces = top == null ? new HashMap<>() : new HashMap<>(top.nonces());
                executions = top == null ? new ArrayList<>() : new ArrayList<>(top.executions());
                branch++;
                entries.add(new ChainFile.Entry.ReorgTo(top == null ? BlockHash.GENESIS : top.context().hash()));
                continue;
            }
            int count = random.nextInt(6);
            List<byte[]> txs = new ArrayList<>();
            consumed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                txs.add(transaction());
            }
            BlockHash parent = canonical.isEmpty() ? BlockHash.GENESIS : canonical.get(canonical.size() - 1).context().hash();
            long number = canonical.size() + 1;
            BlockContext context = new BlockContext(number, parent, blockHash(parent, number, txs));
            canonical.add(new Height(context, new HashMap<>(nonces), new ArrayList<>(executions), consumed));
            entries.add(new ChainFile.Entry.Block(context, txs));
            made++;
        }
        return new ChainFile(seed, spec, blobs, entries);
    }

    private byte[] transaction() {
        int roll = random.nextInt(100);
        if (roll < 30 || executions.isEmpty()) {
            return call();
        }
        if (roll < 62) {
            Execution e = executions.get(random.nextInt(executions.size()));
            int sender = actor(e);
            return signConsumed(sender, new TransactionDraft.Resume(CHAIN_ID, takeNonce(sender), e.hash(), budget()));
        }
        if (roll < 70) {
            Execution e = executions.get(random.nextInt(executions.size()));
            int sender = actor(e);
            return signConsumed(sender, new TransactionDraft.Cancel(CHAIN_ID, takeNonce(sender), e.hash()));
        }
        if (roll < 78) {
            return replay();
        }
        if (roll < 88) {
            // a nonce out of order: rejected, the sender's nonce is not consumed
            int sender = random.nextInt(KEYS);
            long next = nonces.getOrDefault(sender, 0L);
            long wrong = next > 0 && random.nextBoolean() ? next - 1 : next + 1 + random.nextInt(3);
            Execution e = executions.get(random.nextInt(executions.size()));
            return sign(sender, new TransactionDraft.Resume(CHAIN_ID, wrong, e.hash(), budget()));
        }
        if (roll < 95) {
            // a zero budget: invalid, nothing consumed
            int sender = random.nextInt(KEYS);
            Execution e = executions.get(random.nextInt(executions.size()));
            return sign(sender, new TransactionDraft.Resume(CHAIN_ID, nonces.getOrDefault(sender, 0L), e.hash(), 0));
        }
        byte[] garbage = new byte[1 + random.nextInt(80)];
        random.nextBytes(garbage);
        return garbage;
    }

    /** The owner most of the time, else a controller or a stranger. */
    private int actor(Execution e) {
        int roll = random.nextInt(10);
        if (roll < 6) {
            return e.owner();
        }
        if (roll < 8 && !e.controllers().isEmpty()) {
            return e.controllers().get(random.nextInt(e.controllers().size()));
        }
        return random.nextInt(KEYS);
    }

    private byte[] call() {
        int owner = random.nextInt(KEYS);
        Contract c = CONTRACTS.get(random.nextInt(CONTRACTS.size()));
        List<byte[]> args = c.maxArg() == 0 ? List.of()
                : List.of(Integer.toString(c.minArg() + random.nextInt(c.maxArg() - c.minArg() + 1))
                        .getBytes(StandardCharsets.US_ASCII));
        List<SourceId> sources = switch (c.deps()) {
            case NONE -> List.of();
            case BLOBS -> List.of(ids.get("blob_data.bin"), ids.get("blob_code.bin"));
            case SELF -> List.of(ids.get(c.name()));
        };
        List<Integer> controllers = new ArrayList<>();
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            int k = random.nextInt(KEYS);
            if (k != owner && !controllers.contains(k)) {
                controllers.add(k);
            }
        }
        TransactionDraft.Call draft = new TransactionDraft.Call(CHAIN_ID, takeNonce(owner), ids.get(c.name()), args,
                sources, budget(), controllers.stream().map(k -> ContractTransactions.address(keys.get(k))).toList());
        byte[] tx = signConsumed(owner, draft);
        executions.add(new Execution(ContractTransactions.hash(tx), owner, controllers));
        return tx;
    }

    /** An earlier executed transaction of this branch again: its nonce is used, so it is rejected. */
    private byte[] replay() {
        List<byte[]> earlier = new ArrayList<>();
        canonical.forEach(h -> earlier.addAll(h.consumed()));
        if (earlier.isEmpty()) {
            return call();
        }
        byte[] tx = earlier.get(random.nextInt(earlier.size()));
        return tx.clone();
    }

    private long budget() {
        return 20_000 + random.nextInt(400_000);
    }

    private long takeNonce(int sender) {
        long n = nonces.getOrDefault(sender, 0L);
        nonces.put(sender, n + 1);
        return n;
    }

    private byte[] sign(int sender, TransactionDraft draft) {
        return ContractTransactions.sign(draft, keys.get(sender));
    }

    private byte[] signConsumed(int sender, TransactionDraft draft) {
        byte[] tx = sign(sender, draft);
        consumed.add(tx);
        return tx;
    }

    private BlockHash blockHash(BlockHash parent, long number, List<byte[]> txs) {
        Blake2bDigest d = CkbHash.newDigest();
        byte[] head = ByteBuffer.allocate(8 + 8 + 4).putLong(seed).putLong(number).putInt(branch).array();
        byte[] tag = "ckbvm-chain-gen".getBytes(StandardCharsets.US_ASCII);
        d.update(tag, 0, tag.length);
        d.update(head, 0, head.length);
        d.update(parent.bytes(), 0, 32);
        for (byte[] tx : txs) {
            d.update(CkbHash.hash(tx), 0, 32);
        }
        return BlockHash.of(CkbHash.finish(d));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ChainGenerator.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
    }
}
