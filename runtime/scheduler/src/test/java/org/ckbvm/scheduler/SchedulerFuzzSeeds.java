package org.ckbvm.scheduler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the scheduler fuzz target's seed inputs ({@link SchedulerFuzzTest}'s layout): programs
 * that reach each syscall's successful path, which random bytes rarely build (a pipe and a spawn
 * handing its read end to the child, then a write and a wait; spawn recursion up to the VM limit;
 * exec chains on versions 1 and 2; hostile pointers and lengths). Run
 * {@code mvn -o -pl runtime/scheduler -am test -Dtest=SchedulerFuzzSeeds -Dckbvm.fuzz.writeSeeds=true
 * -Dsurefire.failIfNoSpecifiedTests=false}; the committed seeds are its output, findings are added
 * beside them.
 */
class SchedulerFuzzSeeds {
    private static final int PIPE = 4, SPAWN = 1, WAIT = 2, WRITE = 5, READ = 6, EXEC = 0, CLOSE = 8,
            INHERITED = 7, PROCESS_ID = 3, BLOCK_EXTENSION = 9;

    /** An input: the header, then operations. */
    private static final class Seed {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Seed(int version, int stops, int budgetUnits, int seed) {
            out.write((version == 1 ? 1 : 0) | stops << 1);
            out.write(budgetUnits >> 8);
            out.write(budgetUnits);
            out.write(seed >> 16);
            out.write(seed >> 8);
            out.write(seed);
            out.write(0);
            out.write(0);
        }

        /** A syscall by its index in {@link SchedulerFuzzTest#SYSCALLS}, with six value bytes. */
        Seed call(int index, int... values) {
            out.write(index << 3);
            for (int i = 0; i < 6; i++) {
                out.write(i < values.length ? values[i] : 0);
            }
            return this;
        }

        Seed store(int slot, int value) {
            out.write(3);
            out.write(slot);
            out.write(value);
            return this;
        }

        Seed loop(int rounds) {
            out.write(5);
            out.write(rounds);
            return this;
        }

        Seed exit(int value) {
            out.write(6);
            out.write(value);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    // value bytes (SchedulerFuzzTest.Reader#value)
    private static int small(int k) {
        return k;
    }

    private static int scratch(int slot) {
        return 1 << 5 | slot;
    }

    private static int scratch256(int k) {
        return 2 << 5 | k;
    }

    private static int hostile(int k) {
        return 3 << 5 | k;
    }

    @Test
    @EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeSeeds() throws IOException {
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        // pipe (fds at slots 8, 9); spawn the child with the read end; write 16 bytes; wait; exit
        seeds.put("seed-pipe-spawn-write-wait", new Seed(2, 3, 0x4000, 0x010203)
                .call(PIPE, scratch(8))
                .store(0, small(0)).store(1, small(0)).store(2, scratch(6)).store(3, scratch(4))
                .store(4, small(2)).store(5, small(0))
                .call(SPAWN, small(1), small(3), small(0), small(0), scratch(0))
                .store(10, small(16))
                .call(WRITE, small(3), scratch256(1), scratch(10))
                .call(WAIT, small(1), scratch(11))
                .call(CLOSE, small(3))
                .exit(small(0)).bytes());
        // every VM spawns itself again (up to MAX_VMS_SPAWNED), reads its id, waits for its child
        seeds.put("seed-spawn-recursion", new Seed(2, 5, 0xFFFF, 0x0a0b0c)
                .store(0, small(0)).store(1, small(0)).store(2, scratch(6)).store(3, small(0))
                .call(SPAWN, small(0), small(3), small(0), small(0), scratch(0))
                .call(PROCESS_ID)
                .call(WAIT, small(1), scratch(7))
                .call(INHERITED, scratch(12), scratch(11))
                .exit(small(7)).bytes());
        // ExecV2 into the child, after a pipe the child then owns (fds stay with the VM)
        seeds.put("seed-execv2-child", new Seed(2, 2, 0x2000, 0x333333)
                .call(PIPE, scratch(8))
                .call(EXEC, small(1), small(3), small(0), small(0), small(0), small(0))
                .exit(small(9)).bytes());
        // version 1: exec itself with one empty argument, again and again until the budget ends
        seeds.put("seed-v1-exec-self", new Seed(1, 4, 0x8000, 0x444444)
                .store(0, scratch256(2))
                .loop(40)
                .call(EXEC, small(0), small(3), small(0), small(0), small(1), scratch(0))
                .exit(small(1)).bytes());
        // version 1: refused execs (bad index, slice), then exec into bytes that are not an ELF
        seeds.put("seed-v1-exec-errors", new Seed(1, 1, 0x0100, 0x555555)
                .call(EXEC, small(9), small(3))
                .call(EXEC, small(0), small(3), small(0), 5 << 5 | 31)
                .call(EXEC, small(2), small(3))
                .exit(small(2)).bytes());
        // version 1: argv one entry past 1 MiB (argv at the scratch area: all empty strings)
        seeds.put("seed-v1-exec-argv-too-long", new Seed(1, 1, 0x0100, 0x666666)
                .call(EXEC, small(0), small(3), small(0), small(0), hostile(12), scratch(0))
                .exit(small(3)).bytes());
        // hostile pointers and fds: read and write on the wrong end (refused at once), inherited_fds
        // into the end of memory, load_block_extension, then a spawn whose block is past the end
        seeds.put("seed-hostile", new Seed(2, 3, 0x1000, 0x777777)
                .call(PIPE, scratch(8))
                .call(READ, small(3), hostile(3), scratch(10))
                .call(WRITE, small(2), hostile(0), scratch(10))
                .call(INHERITED, hostile(4), scratch(10))
                .call(BLOCK_EXTENSION, scratch(0), scratch(10), small(0), small(0), small(3))
                .call(SPAWN, small(0), small(3), small(0), hostile(9), hostile(1))
                .exit(small(4)).bytes());
        Path dir = Path.of("src/test/resources/org/ckbvm/scheduler/SchedulerFuzzTestInputs/programs");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : seeds.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
    }
}
