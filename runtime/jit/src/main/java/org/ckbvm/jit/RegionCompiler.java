package org.ckbvm.jit;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.ckbvm.machine.CompiledRegion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.TraceInfo;
import org.ckbvm.machine.TraceTranslator;

/**
 * Translates a region of traces into one JVM method, so that HotSpot compiles guest code to
 * machine code. {@link RegionFormer} chooses a region's traces, {@link RegionEmitter} writes the
 * bytecode, and this class defines the hidden class and publishes its entries.
 *
 * <p><b>Exactness.</b> Each trace of the region is a block: on entry it checks that its trace
 * cache slot holds its id (the reference loop would find and run this very trace there; no
 * lookup can change the cache while a region runs), then charges its cycles as the reference
 * loop does (all at entry; if they would pass the limit, the block does not start). Any failed
 * check leaves the region with pc at the block's start, where the reference loop (or the
 * chaining step, which does the loop's lookup and charge) takes over and finds the same outcome.
 * Indirect jumps go through a switch over the region's blocks, else leave. Guest registers are
 * read and written in the machine's register array. A memory fault runs the checked accessor of
 * {@code Memory} (or throws its error) with pc at the trace's fall-through, after the whole trace
 * was charged and the items before it ran: the reference interpreter's state. Stores go straight
 * to memory only into pages whose write-fast byte says no W^X check or DIRTY/touched bookkeeping
 * is needed, else through {@code Memory}'s checked stores.
 */
public final class RegionCompiler implements TraceTranslator {
    /** For {@link java.util.ServiceLoader}: the machine finds the translator on the class path. */
    public RegionCompiler() {}

    /** At most this many retranslations of one head. */
    static final int MAX_RECOMPILES = Integer.getInteger("ckbvm.jit.retranslations", 2);
    /** Print translation events to stderr. */
    static final boolean VERBOSE = Boolean.getBoolean("ckbvm.jit.verbose");
    /**
     * HotSpot does not compile methods of more than 8000 bytecode bytes (HugeMethodLimit), and
     * C1's register allocator gives up on big methods with many live longs: a hard cap.
     */
    static final int MAX_CODE = Integer.getInteger("ckbvm.jit.maxCode", 5000);
    /**
     * Estimated bytecode budget when forming a region. C2's compile time grows faster than a
     * method's size, and a region is compiled while the program waits for it: around 3,000 bytes
     * (a dozen traces) HotSpot compiles a region in tens of milliseconds, and entries from region
     * to region, chained, stay a small part of the run.
     */
    static final int BUDGET = Integer.getInteger("ckbvm.jit.budget", 3000);

    private static final AtomicBoolean FAILURE_LOGGED = new AtomicBoolean();

    // ---- entry points used by the run loop ---------------------------------------------------

    @Override
    public void translate(Machine machine, TraceInfo head) {
        if (!head.compilable || head.id == 0 || head.length == 0 || !head.claimTranslation()) {
            return;
        }
        RegionFormer.Formed formed = null;
        try {
            formed = RegionFormer.form(machine, head, BUDGET, null);
            install(formed);
        } catch (Throwable t) {
            head.translationFailed();
            if (formed != null) {
                formed.claimed().forEach(TraceInfo::releaseTranslation);
            }
            failed(head, t);
        }
    }

    /**
     * Translates the region of a head that has been entered often again, now that the trace
     * cache holds more of the code around it ({@link RegionFormer}: it keeps the entries of its
     * traces and gains the cached code it leads to).
     */
    @Override
    public void retranslate(Machine machine, TraceInfo head) {
        CompiledRegion old = head.region();
        if (old == null || old.entry != 0 || !head.claimRetranslation(old, MAX_RECOMPILES)) {
            return;
        }
        RegionFormer.Formed formed = null;
        try {
            formed = RegionFormer.form(machine, head, BUDGET, old);
            if (formed.grewFrom(old)) {
                install(formed);
            }
        } catch (Throwable t) {
            if (formed != null) {
                formed.claimed().forEach(TraceInfo::releaseTranslation);
            }
            failed(head, t);
        }
    }

    /** A translation failure is logged once per process (and every time with ckbvm.jit.verbose). */
    private static void failed(TraceInfo head, Throwable t) {
        if (VERBOSE) {
            System.err.println("[jit] cannot translate " + head + ": " + t);
            t.printStackTrace();
        } else if (FAILURE_LOGGED.compareAndSet(false, true)) {
            // the logger only now: finding it starts java.util.logging, which a run that never
            // fails should not pay for at start-up
            System.getLogger("org.ckbvm.jit").log(System.Logger.Level.WARNING, "cannot translate " + head + " (it and later failures run on the "
                    + "interpreter; -Dckbvm.jit.verbose=true reports every one)", t);
        }
    }

    /** Regions kept across processes, if {@code ckbvm.jit.cache} names a folder; opened at the first translation. */
    private static final class Cache {
        static final RegionCache INSTANCE = RegionCache.open();
    }

    /**
     * Generates and defines the region (fewer blocks if its bytecode comes out too long), or
     * defines the one stored for these very blocks ({@link RegionCache}), and publishes its entry
     * instances; claimed traces left outside are given back.
     */
    private static void install(RegionFormer.Formed formed) throws Throwable {
        List<TraceInfo> blocks = formed.blocks();
        RegionCache cache = Cache.INSTANCE;
        byte[] key = cache == null ? null : RegionCache.key(blocks);
        RegionCache.Entry stored = key == null ? null : cache.load(key);
        if (stored != null && stored.blocks() <= blocks.size()) {
            formed.truncate(stored.blocks());
        } else {
            int formedBlocks = blocks.size();
            while (true) {
                Generated g = generate(blocks);
                if (g.codeSize <= MAX_CODE || blocks.size() == 1) {
                    if (g.codeSize > MAX_CODE) {
                        throw new IllegalStateException("a single trace needs " + g.codeSize + " bytes");
                    }
                    stored = new RegionCache.Entry(g.bytes, blocks.size());
                    break;
                }
                formed.truncate(Math.max(1, blocks.size() * 2 / 3));
            }
            if (key != null && formedBlocks >= stored.blocks()) {
                cache.store(key, stored);
            }
        }
        if (VERBOSE) {
            System.err.println("[jit] region " + blocks.get(0) + ": " + blocks.size() + " traces ("
                    + formed.entries().stream().filter(e -> e).count() + " entered here), "
                    + stored.classBytes().length + " bytes of class" + (key != null ? ", cache" : ""));
        }
        CompiledRegion[] instances = CompiledRegion.define(stored.classBytes(), RegionEmitter.classData(blocks),
                blocks.size());
        for (int i = 0; i < instances.length; i++) {
            if (formed.entries().get(i)) {
                blocks.get(i).install(instances[i]);
            }
        }
        formed.claimed().forEach(TraceInfo::releaseTranslation);
    }

    // ---- bytecode generation: RegionEmitter --------------------------------------------------

    record Generated(byte[] bytes, int codeSize) {}

    static Generated generate(List<TraceInfo> blocks) {
        return new RegionEmitter(blocks).run();
    }

    /**
     * Translates exactly these traces, the first being the head, and returns the instance that
     * enters at the head (tests compile single traces). Installs nothing.
     */
    public static CompiledRegion translate(List<TraceInfo> blocks) throws ReflectiveOperationException {
        Generated g = generate(blocks);
        if (g.codeSize > MAX_CODE) {
            throw new IllegalStateException("region needs " + g.codeSize + " bytes");
        }
        return CompiledRegion.define(g.bytes, RegionEmitter.classData(blocks), blocks.size())[0];
    }
}
