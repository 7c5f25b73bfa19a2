package org.ckbvm.snapshot;

import java.util.Arrays;

/**
 * The scalar state of a machine that snapshots carry: 32 registers, pc, cycles, the cycle limit
 * and the load reservation ({@code lr}).
 */
public record MachineRegisters(long[] registers, long pc, long cycles, long maxCycles, long loadReservation) {
    public MachineRegisters {
        if (registers.length != 32) {
            throw new IllegalArgumentException("32 registers expected, got " + registers.length);
        }
        registers = registers.clone();
    }

    @Override
    public long[] registers() {
        return registers.clone();
    }

    public long register(int index) {
        return registers[index];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineRegisters m && Arrays.equals(registers, m.registers) && pc == m.pc
                && cycles == m.cycles && maxCycles == m.maxCycles && loadReservation == m.loadReservation;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(registers) * 31 + Long.hashCode(pc ^ cycles ^ maxCycles ^ loadReservation);
    }
}
