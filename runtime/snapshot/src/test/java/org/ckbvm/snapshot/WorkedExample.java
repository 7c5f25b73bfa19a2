package org.ckbvm.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;

/**
 * The worked example of STATE_ROOT.md, rendered from the implementation. StateRootVectorsTest
 * asserts that the document holds exactly this text, so the document cannot drift from the code.
 */
final class WorkedExample {
    static final byte[] CODE = {(byte) 0x93, 0x08, (byte) 0xd0, 0x05, 0x73, 0x00, 0x00, 0x00}; // li a7, 93; ecall
    static final byte[] DATA = "hello, ckb".getBytes(StandardCharsets.US_ASCII);

    private WorkedExample() {}

    static Machine machine() {
        Machine m = new Machine(new MachineConfig(MachineVersion.V2, IsaFlags.B | IsaFlags.MOP, CostModel.CKB, 3 * 4096));
        Memory memory = m.memory();
        memory.initPages(0, 4096, Memory.FLAG_FREEZED | Memory.FLAG_EXECUTABLE, CODE, 0, CODE.length, 0);
        memory.store64(4096 + 16, 0); // page 1: written, still zero
        memory.storeBytes(2 * 4096, DATA, 0, DATA.length);
        m.setRegister(2, 3 * 4096); // sp
        m.setRegister(17, 93); // a7
        m.setPc(4);
        m.setCycles(3);
        m.setMaxCycles(1000); // not hashed
        return m;
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String u64(long v) {
        byte[] out = new byte[8];
        StateRoot.putU64(out, 0, v);
        return hex(out);
    }

    private static String u32(int v) {
        byte[] out = new byte[4];
        StateRoot.putU32(out, 0, v);
        return hex(out);
    }

    static String render() {
        Machine m = machine();
        Memory memory = m.memory();
        StateRootTree tree = StateRootTree.build(memory);
        StringBuilder s = new StringBuilder();
        s.append("machine: version 2, isa 3 (B|MOP), memory 12288 bytes = 3 pages, so d = 2 and leaves 0..3\n");
        s.append("page 0: init_pages with FREEZED|EXECUTABLE, then DIRTY: flags 0b111, hashed 0b011;\n");
        s.append("        content 93 08 d0 05 73 00 00 00 (li a7, 93; ecall) then 4088 zero bytes\n");
        s.append("page 1: a zero u64 stored at 0x1010: flags 0b100 (DIRTY only), content all zero -> absent\n");
        s.append("page 2: \"hello, ckb\" stored at 0x2000: flags 0b100, hashed 0b000; content 68 65 6c 6c 6f 2c 20 63 6b 62\n");
        s.append("        then 4086 zero bytes -> present (not all zero)\n");
        s.append("leaf 3: past the last page -> EMPTY\n");
        s.append("registers: x2 (sp) = 12288, x17 (a7) = 93, all others 0; pc = 4; cycles = 3;\n");
        s.append("           lr = 0xffffffffffffffff (no reservation); max_cycles = 1000 (not hashed)\n\n");
        for (int k = 0; k <= 2; k++) {
            s.append("empty[").append(k).append("]        = ").append(hex(StateRoot.emptySubtree(k))).append('\n');
        }
        s.append('\n');
        byte[][] leaves = new byte[4][];
        for (int p = 0; p < 3; p++) {
            byte[] content = memory.page(p);
            int flags = memory.flag(p);
            leaves[p] = tree.leaf(p);
            if (StateRoot.isPresent(flags, content)) {
                byte[] contentHash = StateRoot.contentHash(content);
                s.append("content_hash[").append(p).append("] = ").append(hex(contentHash)).append('\n');
                s.append("leaf_input[").append(p).append("]   = 01 ").append(u64(p)).append(' ')
                        .append(String.format("%02x", flags & StateRoot.STATE_FLAGS)).append(' ')
                        .append(hex(contentHash)).append('\n');
            }
            s.append("leaf[").append(p).append("]         = ").append(hex(leaves[p]))
                    .append(StateRoot.isPresent(flags, content) ? "" : "   (absent: EMPTY)").append('\n');
        }
        leaves[3] = StateRoot.emptyLeaf();
        s.append("leaf[3]         = ").append(hex(leaves[3])).append("   (past the end: EMPTY)\n\n");
        byte[] n0 = StateRoot.node(leaves[0], leaves[1]);
        byte[] n1 = StateRoot.node(leaves[2], leaves[3]);
        s.append("node(1,0)       = H(02 || leaf[0] || leaf[1]) = ").append(hex(n0)).append('\n');
        s.append("node(1,1)       = H(02 || leaf[2] || leaf[3]) = ").append(hex(n1)).append('\n');
        s.append("pages_root      = H(02 || node(1,0) || node(1,1)) = ").append(hex(tree.pagesRoot())).append("\n\n");
        MachineConfig c = m.config();
        s.append("header_input (297 bytes):\n");
        s.append("  00                   tag\n");
        s.append("  ").append(u32(c.version())).append("             u32 machine version = 2\n");
        s.append("  ").append(u32(c.isa())).append("             u32 isa = 3\n");
        s.append("  ").append(u64(c.memorySize())).append("     u64 memory size = 12288\n");
        for (int r = 0; r < 32; r++) {
            s.append("  ").append(u64(m.register(r))).append("     u64 x").append(r).append('\n');
        }
        s.append("  ").append(u64(m.pc())).append("     u64 pc = 4\n");
        s.append("  ").append(u64(m.cycles())).append("     u64 cycles = 3\n");
        s.append("  ").append(u64(m.loadReservation())).append("     u64 lr\n");
        byte[] headerLeaf = StateRoot.headerLeaf(m);
        s.append("header_leaf     = ").append(hex(headerLeaf)).append('\n');
        s.append("state_root      = H(03 || header_leaf || pages_root) = ").append(hex(tree.stateRoot(m))).append("\n\n");
        s.append("proof of page 2 (present):\n").append(tree.proof(2, m).toJson()).append("\n\n");
        s.append("proof of page 1 (absent):\n").append(tree.proof(1, m).toJson()).append('\n');
        return s.toString();
    }

    /** empty[k] for every level a memory of up to 1 GiB uses. */
    static String renderEmptySubtrees() {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k <= StateRoot.MAX_MEMORY_DEPTH; k++) {
            s.append(String.format("empty[%2d] = ", k)).append(hex(StateRoot.emptySubtree(k))).append('\n');
        }
        return s.toString();
    }

    /** Prints the generated blocks, to paste into STATE_ROOT.md after a deliberate change. */
    public static void main(String[] args) {
        System.out.print(renderEmptySubtrees());
        System.out.println("----");
        System.out.print(render());
    }
}
