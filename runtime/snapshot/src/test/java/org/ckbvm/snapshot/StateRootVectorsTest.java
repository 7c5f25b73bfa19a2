package org.ckbvm.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.ckbvm.TestVectors;
import org.ckbvm.hash.CkbHash;
import org.ckbvm.machine.Machine;
import org.junit.jupiter.api.Test;

/** Known answers, and the generated blocks of testvectors/STATE_ROOT.md checked verbatim. */
class StateRootVectorsTest {

    private static String document() throws IOException {
        return Files.readString(TestVectors.root().resolve("STATE_ROOT.md"), StandardCharsets.UTF_8);
    }

    /** The fenced text between the BEGIN/END GENERATED markers named {@code name}. */
    private static String generatedBlock(String doc, String name) {
        int begin = doc.indexOf("<!-- BEGIN GENERATED " + name);
        int end = doc.indexOf("<!-- END GENERATED " + name + " -->");
        assertTrue(begin >= 0 && end > begin, "STATE_ROOT.md lacks the generated block " + name);
        String block = doc.substring(doc.indexOf('\n', begin) + 1, end);
        String open = "```text\n";
        String close = "```\n";
        assertTrue(block.startsWith(open) && block.endsWith(close), "block " + name + " is not a text fence");
        return block.substring(open.length(), block.length() - close.length());
    }

    @Test
    void emptyInputHash() throws IOException {
        assertEquals("44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e",
                HexFormat.of().formatHex(CkbHash.hash(new byte[0])));
        assertTrue(document().contains("44f4c69744d5f8c55d642062949dcae49bc4e7ef43d388c5a12f42b5633d163e"));
    }

    @Test
    void workedExampleInTheDocumentIsWhatTheCodeComputes() throws IOException {
        assertEquals(WorkedExample.render(), generatedBlock(document(), "worked-example"),
                "STATE_ROOT.md's worked example differs from the code; if the change is deliberate, "
                        + "reprint it with WorkedExample.main");
    }

    @Test
    void emptySubtreesInTheDocumentAreWhatTheCodeComputes() throws IOException {
        assertEquals(WorkedExample.renderEmptySubtrees(), generatedBlock(document(), "empty-subtrees"));
    }

    @Test
    void workedExampleAgreesWithTheIndependentReference() {
        Machine m = WorkedExample.machine();
        long[] regs = new long[32];
        for (int i = 0; i < 32; i++) {
            regs[i] = m.register(i);
        }
        byte[] header = ReferenceStateRoot.headerLeaf(2, 3, 12288, regs, m.pc(), m.cycles(), m.loadReservation());
        byte[] expected = ReferenceStateRoot.stateRoot(header, ReferenceStateRoot.pagesRoot(m.memory()));
        assertEquals("dd16ea25475db75e37ab94cc6701ca48937ae8730c13f88bcd056b4d70803690",
                HexFormat.of().formatHex(expected));
        assertArrayEquals(expected, StateRootTree.build(m.memory()).stateRoot(m));
    }

    @Test
    void workedExampleProofsVerify() throws IOException {
        String doc = generatedBlock(document(), "worked-example");
        byte[] root = HexFormat.of().parseHex("dd16ea25475db75e37ab94cc6701ca48937ae8730c13f88bcd056b4d70803690");
        Machine m = WorkedExample.machine();
        StateRootTree tree = StateRootTree.build(m.memory());
        List<String> lines = Arrays.stream(doc.split("\n")).filter(l -> l.startsWith("{")).toList();
        // the document shows the proofs of page 2 (present) and page 1 (absent), and they verify
        assertEquals(List.of(tree.proof(2, m).toJson(), tree.proof(1, m).toJson()), lines);
        assertTrue(PageProof.verify(tree.proof(2, m), root));
        assertTrue(PageProof.verify(tree.proof(1, m), root));
    }
}
