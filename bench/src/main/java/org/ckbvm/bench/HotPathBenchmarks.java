package org.ckbvm.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.ckbvm.elf.ElfLoader;
import org.ckbvm.isa.InstructionDecoder;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.memory.Memory;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.source.InMemoryDataSource;
import org.ckbvm.syscall.BasicSyscalls;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot paths: decode, dispatch (a whole program per engine), guest memory access, snapshot
 * make and resume, and the state-root update, against dirty-page count and memory size.
 * Run from the repository root (the programs are read from testvectors/elf):
 * {@code mvn -P jmh -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar}.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class HotPathBenchmarks {

    static byte[] elf(String name) throws Exception {
        Path dir = Paths.get(System.getProperty("ckbvm.testvectors", "testvectors"), "elf");
        return Files.readAllBytes(dir.resolve(name));
    }

    /** Decoding 4096 random 32-bit words (valid or not) for V2 with B and MOP. */
    @State(Scope.Benchmark)
    public static class Words {
        final int[] words = new int[4096];

        @Setup
        public void setup() {
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < words.length; i++) {
                words[i] = r.nextInt() | 3;
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long decode4096(Words w) {
        long acc = 0;
        for (int word : w.words) {
            acc += InstructionDecoder.decode(word, MachineVersion.V2, IsaFlags.DEFAULT);
        }
        return acc;
    }

    /** A whole run of fib 24 per engine (dispatch, charging, translated code). */
    @State(Scope.Benchmark)
    public static class Program {
        @Param({"interp", "jit"})
        public String engine;
        byte[] elf;

        @Setup
        public void setup() throws Exception {
            elf = elf("fib");
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long dispatchFib24(Program p) {
        Machine m = new Machine(MachineConfig.defaults()).setEngine(Engine.parse(p.engine))
                .addSyscalls(new BasicSyscalls(s -> { }, 0));
        ElfLoader.boot(m, p.elf, List.of("24".getBytes()));
        RunResult r = m.run();
        return m.cycles() + r.hashCode();
    }

    /** 4096 loads and stores of 8 bytes over a 64 KiB window of guest memory. */
    @State(Scope.Benchmark)
    public static class Mem {
        final Memory memory = new Memory(4 << 20);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long memoryLoadStore4096(Mem s) {
        long acc = 0;
        for (int i = 0; i < 4096; i++) {
            long addr = 0x100000 + ((i * 8L * 2654435761L) & 0xfff8);
            s.memory.store64(addr, i);
            acc += s.memory.load64(addr ^ 8);
        }
        return acc;
    }

    /** A machine with a loaded program and N freshly written pages. */
    @State(Scope.Benchmark)
    public static class Dirty {
        @Param({"1", "64", "1024"})
        public int dirtyPages;
        @Param({"4194304", "67108864"})
        public long memorySize;
        SuspendableMachine sm;
        InMemoryDataSource blobs;
        MachineConfig config;
        byte[] encoded;
        long round;

        @Setup(Level.Trial)
        public void setup() throws Exception {
            config = MachineConfig.defaults().withMemorySize(memorySize);
            blobs = new InMemoryDataSource();
            SourceId id = blobs.add(elf("always_success"));
            sm = SuspendableMachine.boot(config, blobs, id, List.of(), List.of(), m -> { }, List.of());
            write();
            encoded = SnapshotCodec.encode(sm.snapshot(Snapshot.Kind.V2));
        }

        void write() {
            Memory mem = sm.machine().memory();
            int n = 0;
            round++;
            for (long page = mem.pageCount() - 1; page >= 0 && n < dirtyPages; page--) {
                if ((mem.flag(page) & Memory.FLAG_EXECUTABLE) == 0) {
                    mem.store64(page << Memory.PAGE_SHIFT, page + round);
                    n++;
                }
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] stateRootUpdate(Dirty d) {
        d.write();
        return d.sm.stateRoot();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] snapshotMake(Dirty d) {
        return SnapshotCodec.encode(d.sm.snapshot(Snapshot.Kind.V2));
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public SuspendableMachine snapshotResume(Dirty d) throws Exception {
        return SuspendableMachine.resume(SnapshotCodec.decode(d.encoded), d.blobs, d.config, m -> { }, List.of());
    }
}
