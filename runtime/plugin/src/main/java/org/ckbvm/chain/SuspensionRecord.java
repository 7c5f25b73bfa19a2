package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.ckbvm.hash.CkbHash;
import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;

/**
 * What the commitment binds for one suspended execution: who may act on it, the machine profile
 * it was started with (kept for life, whatever forks come later), the code, data and script it
 * sees, what it has cost, the form its state is stored in and that state's root. Its canonical
 * encoding (below, specified in {@code testvectors/STATE_ROOT.md}) is hashed into the commitment;
 * the state itself ({@link SuspendedScript}) is stored beside it and must resume to
 * {@link #stateRoot()}.
 * <pre>
 * u8 form                           1 = one machine (a Snapshot2; state root = its state root),
 *                                   2 = a scheduler (a SchedulerState; state root = its bundle root)
 * 32 execution                      hash of the Call that started it
 * 20 owner                          that Call's sender
 * u32 n, n x 20 controllers         in the Call's order
 * u32 machine version, u32 isa flags, u8 n + cost model id (ASCII), u64 memory size
 * 32 program source id
 * u32 n, n x 32 source ids          cell deps 0..n-1
 * u32 n, n bytes script             what load_script returns
 * u64 created at block, u64 budget paid, u64 total cycles, u32 segments
 * 32 state root
 * </pre>
 */
public record SuspensionRecord(Form form, TxHash execution, Address owner, List<Address> controllers, MachineConfig profile,
                               SourceId program, List<SourceId> sources, byte[] script, long createdAt,
                               long budgetPaid, long totalCycles, int segments, byte[] stateRoot) {
    /**
     * How the state is stored. The byte leads the encoding, where version 1 of this record had its
     * version byte: records of one-machine executions are unchanged since then.
     */
    public enum Form {
        /** The script is one machine in the middle of its first run: its root's Snapshot2 says all. */
        MACHINE(1),
        /** Anything else: the whole scheduler (docs/SPAWN.md §9). */
        SCHEDULER(2);

        private final int code;

        Form(int code) {
            this.code = code;
        }

        static Form of(int code) throws CanonicalReader.MalformedException {
            for (Form f : values()) {
                if (f.code == code) {
                    return f;
                }
            }
            throw new CanonicalReader.MalformedException("suspension record: unknown form " + code);
        }
    }

    public SuspensionRecord {
        Objects.requireNonNull(form);
        Objects.requireNonNull(execution);
        Objects.requireNonNull(owner);
        controllers = List.copyOf(controllers);
        sources = List.copyOf(sources);
        script = script.clone();
        stateRoot = stateRoot.clone();
    }

    @Override
    public byte[] script() {
        return script.clone();
    }

    @Override
    public byte[] stateRoot() {
        return stateRoot.clone();
    }

    public boolean mayAct(Address sender) {
        return owner.equals(sender) || controllers.contains(sender);
    }

    /** The record after one more segment, which left its state in {@code next}. */
    public SuspensionRecord nextSegment(long budget, SuspendedScript next) {
        return new SuspensionRecord(next.form(), execution, owner, controllers, profile, program, sources, script, createdAt,
                budgetPaid + budget, next.cycles(), segments + 1, next.stateRoot());
    }

    public byte[] encode() {
        CanonicalWriter w = new CanonicalWriter().u8(form.code).fixed(execution.bytes()).fixed(owner.bytes());
        w.u32(controllers.size());
        controllers.forEach(c -> w.fixed(c.bytes()));
        w.u32(profile.version()).u32(profile.isa()).ascii(profile.costModel().id()).u64(profile.memorySize());
        w.fixed(program.bytes()).u32(sources.size());
        sources.forEach(s -> w.fixed(s.bytes()));
        return w.bytes(script).u64(createdAt).u64(budgetPaid).u64(totalCycles).u32(segments).fixed(stateRoot)
                .toByteArray();
    }

    /** The record's leaf value in the commitment: H(encoding). */
    public byte[] hash() {
        return CkbHash.hash(encode());
    }

    public static SuspensionRecord decode(byte[] bytes) throws CanonicalReader.MalformedException {
        CanonicalReader r = new CanonicalReader(bytes, "suspension record");
        Form form = Form.of(r.u8());
        TxHash execution = TxHash.of(r.fixed(32));
        Address owner = Address.of(r.fixed(20));
        int n = r.count(20);
        List<Address> controllers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            controllers.add(Address.of(r.fixed(20)));
        }
        MachineConfig profile;
        try {
            int version = r.u32();
            int isa = r.u32();
            CostModel cost = CostModel.parse(r.ascii());
            profile = new MachineConfig(version, isa, cost, r.u64());
        } catch (IllegalArgumentException e) {
            throw new CanonicalReader.MalformedException("suspension record: bad machine profile: " + e.getMessage());
        }
        SourceId program = SourceId.of(r.fixed(32));
        int m = r.count(32);
        List<SourceId> sources = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            sources.add(SourceId.of(r.fixed(32)));
        }
        byte[] script = r.bytes();
        long createdAt = r.u64();
        long budgetPaid = r.u64();
        long totalCycles = r.u64();
        int segments = r.u32();
        byte[] root = r.fixed(32);
        r.end();
        SuspensionRecord record = new SuspensionRecord(form, execution, owner, controllers, profile, program, sources, script,
                createdAt, budgetPaid, totalCycles, segments, root);
        if (!Arrays.equals(record.encode(), bytes)) {
            throw new CanonicalReader.MalformedException("suspension record: not in canonical form");
        }
        return record;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SuspensionRecord r && Arrays.equals(r.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }
}
