package org.ckbvm.machine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.ckbvm.memory.Memory;
import org.ckbvm.syscall.BasicSyscalls;

/** Builds a machine whose code page(s) hold the given 32-bit instruction words (no ELF). */
final class GuestCode {
    static final long CODE = 0x10000;

    private GuestCode() {}

    static Machine machine(MachineConfig config, int... words) {
        Machine machine = new Machine(config).addSyscalls(new BasicSyscalls(m -> { }, 0));
        place(machine, CODE, words);
        machine.setPc(CODE);
        return machine;
    }

    /** Maps executable, frozen pages at {@code address} holding the words. */
    static void place(Machine machine, long address, int... words) {
        ByteBuffer code = ByteBuffer.allocate(words.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            code.putInt(w);
        }
        long size = (code.capacity() + Memory.PAGE_SIZE - 1) & -Memory.PAGE_SIZE;
        machine.memory().initPages(address, size, Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED,
                code.array(), 0, code.capacity(), 0);
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) n += p.length;
        int[] all = new int[n];
        int k = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, k, p.length);
            k += p.length;
        }
        return all;
    }
}
