package org.ckbvm.machine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.ckbvm.isa.IsaFlags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the machine fuzz target's seed inputs from {@link RandomProgram} (valid programs of
 * every version and ISA profile): {@code mvn -o -pl runtime/snapshot -am test -Dtest=FuzzSeeds
 * -Dckbvm.fuzz.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}. The committed seeds are
 * its output; crashers found by fuzzing are added beside them by hand.
 */
class FuzzSeeds {
    @Test
    @EnabledIfSystemProperty(named = "ckbvm.fuzz.writeSeeds", matches = "true")
    void writeMachineSeeds() throws IOException {
        Path dir = Path.of("src/test/resources/org/ckbvm/machine/MachineFuzzTestInputs/instructionStreams");
        Files.createDirectories(dir);
        int[] isas = {IsaFlags.IMC, IsaFlags.B, IsaFlags.MOP, IsaFlags.A, IsaFlags.ALL};
        int n = 0;
        for (int version = 0; version < 3; version++) {
            for (int isa : isas) {
                if (version == 0 && (isa & IsaFlags.MOP) != 0) {
                    continue;
                }
                byte[] elf = RandomProgram.elf(0x5eed + n, version, isa, 120);
                ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
                long codeOffset = b.getLong(64 + 8);
                long codeSize = b.getLong(64 + 32);
                byte[] code = Arrays.copyOfRange(elf, (int) codeOffset, (int) (codeOffset + Math.min(codeSize,
                        MachineFuzzTest.MAX_CODE)));
                byte[] input = new byte[MachineFuzzTest.HEADER + code.length];
                input[0] = (byte) version;
                input[1] = (byte) isa;
                input[2] = (byte) ((n % 2) | ((1 + n % 5) << 1));
                input[3] = (byte) 0x40;
                input[4] = (byte) n;
                input[5] = (byte) n;
                input[6] = 0x11;
                input[7] = 0x22;
                System.arraycopy(code, 0, input, MachineFuzzTest.HEADER, code.length);
                Files.write(dir.resolve(String.format("seed-v%d-%s", version, IsaFlags.format(isa).replace(',', '-'))),
                        input);
                n++;
            }
        }
    }
}
