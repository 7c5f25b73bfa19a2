package org.ckbvm.cli;

import java.util.List;
import java.util.Locale;

/**
 * How {@code bench} reports the comparison with CKB-VM ({@link BenchPeer}): in words under each
 * program, and as one table at the end. Ratios of times are ours over the peer's (below 1: we
 * are faster); the ratio of speeds is ours over the peer's (above 1: we are faster).
 */
final class BenchReport {
    private BenchReport() {}

    /** One program's line of the table: its name and argv, instructions, our warm figure, the peer's. */
    record PeerRow(String program, long instructions, BenchCommand.Figure ours, BenchPeer.Figures peer) {}

    static void peerWords(BenchPeer.Figures p, long instructions, long cycles, BenchCommand.Figure ours) {
        BenchPeer.PeerResult r = p.peerResult();
        if (r == null) {
            System.out.println("  CKB-VM: no result line (is it a ckb-vm-asm-run like runner?)");
        } else {
            System.out.printf(Locale.ROOT, "  CKB-VM asm: %s, %s%n", r,
                    r.cycles() == cycles ? "the same cycles" : "DIFFERENT cycles (ours " + cycles + ")");
        }
        if (p.ourProcessMs() != null) {
            System.out.printf(Locale.ROOT, "  whole process (median of %d interleaved runs): ckbvm %.1f ms, CKB-VM %.1f ms:"
                    + " ckbvm takes %.2fx CKB-VM's time%s%n", p.runs(), p.ourProcessMs(), p.peerProcessMs(),
                    p.ourProcessMs() / p.peerProcessMs(),
                    p.ourProcessCycles() != null && p.ourProcessCycles() != cycles ? " (ckbvm printed other cycles!)" : "");
        } else {
            System.out.println("  whole process: ckbvm's run printed no cycles (not compared)");
        }
        Double loop = p.peerLoopMs();
        if (loop == null) {
            System.out.printf(Locale.ROOT, "  warm: ckbvm %s %.1f MIPS; CKB-VM's run loop is lost in its start (%.1f ms"
                    + " process, %.1f ms start)%n", ours.engine(), ours.mips(), p.peerProcessMs(), p.peerStartMs());
        } else {
            double peerMips = instructions / (loop * 1e3);
            System.out.printf(Locale.ROOT, "  warm: ckbvm %s %.1f MIPS, CKB-VM's run loop %.1f MIPS (%.1f ms process"
                    + " minus %.1f ms start): ckbvm runs at %.2fx CKB-VM's speed%n", ours.engine(), ours.mips(), peerMips,
                    p.peerProcessMs(), p.peerStartMs(), ours.mips() / peerMips);
        }
        Double shortLoop = p.peerShortLoopMs();
        if (shortLoop == null) {
            System.out.printf(Locale.ROOT, "  first %,d instructions, nothing translated, warm JVM: ckbvm %.2f ms;"
                    + " CKB-VM's run loop is lost in its start%n", ours.shortInstructions(), ours.shortMs());
        } else {
            System.out.printf(Locale.ROOT, "  first %,d instructions, nothing translated, warm JVM: ckbvm %.2f ms,"
                    + " CKB-VM's run loop %.2f ms: ckbvm takes %.2fx CKB-VM's time%n", ours.shortInstructions(),
                    ours.shortMs(), shortLoop, ours.shortMs() / shortLoop);
        }
    }

    private static String or(Double value, String format) {
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    static void peerSummary(List<PeerRow> rows) {
        System.out.println();
        System.out.println("| program | instructions | CKB-VM asm process ms | ckbvm process ms | process ratio "
                + "| CKB-VM asm run-loop MIPS | ckbvm warm MIPS | warm speed ratio | first run: CKB-VM ms | ckbvm ms "
                + "| first-run ratio |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (PeerRow row : rows) {
            BenchPeer.Figures p = row.peer();
            Double peerMips = p.peerLoopMs() == null ? null : row.instructions() / (p.peerLoopMs() * 1e3);
            Double shortLoop = p.peerShortLoopMs();
            System.out.println(String.format(Locale.ROOT, "| %s | %,d | %.1f |", row.program(), row.instructions(),
                    p.peerProcessMs())
                    + " " + or(p.ourProcessMs(), "%.1f") + " | "
                    + or(p.ourProcessMs() == null ? null : p.ourProcessMs() / p.peerProcessMs(), "%.2f") + " | "
                    + or(peerMips, "%.0f") + String.format(Locale.ROOT, " | %.0f | ", row.ours().mips())
                    + or(peerMips == null ? null : row.ours().mips() / peerMips, "%.2f") + " | "
                    + or(shortLoop, "%.2f") + String.format(Locale.ROOT, " | %.2f | ", row.ours().shortMs())
                    + or(shortLoop == null ? null : row.ours().shortMs() / shortLoop, "%.2f") + " |");
        }
        System.out.println("(process ratio and first-run ratio: ckbvm's time over CKB-VM's, below 1 is faster; "
                + "warm speed ratio: ckbvm's MIPS over CKB-VM's run loop, above 1 is faster)");
    }
}
