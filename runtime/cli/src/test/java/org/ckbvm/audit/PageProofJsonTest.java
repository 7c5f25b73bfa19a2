package org.ckbvm.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.machine.Machine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.memory.Memory;
import org.ckbvm.snapshot.PageProof;
import org.ckbvm.snapshot.StateRootTree;
import org.junit.jupiter.api.Test;

/** {@link PageProofJson} reads exactly what {@link PageProof#toJson()} writes, and nothing else. */
class PageProofJsonTest {
    /** Three pages, page 1 absent (all zero), page 0 frozen. */
    private static Machine machine() {
        Machine m = new Machine(new MachineConfig(MachineVersion.V2, IsaFlags.DEFAULT, CostModel.CKB, 12288));
        Memory memory = m.memory();
        memory.store32(0, 0x1000);
        memory.store32(2L * Memory.PAGE_SIZE + 16, 0x1002);
        memory.setFlag(0, Memory.FLAG_FREEZED);
        m.setRegister(5, 55);
        m.setPc(0x40);
        m.setCycles(123);
        return m;
    }

    @Test
    void jsonRoundTrip() {
        Machine m = machine();
        StateRootTree tree = StateRootTree.build(m.memory());
        for (int p = 0; p < 3; p++) {
            PageProof proof = tree.proof(p, m);
            String json = proof.toJson();
            PageProof parsed = PageProofJson.parse(json);
            assertEquals(proof, parsed);
            assertEquals(json, parsed.toJson());
            assertTrue(PageProof.verify(parsed, tree.stateRoot(m)));
        }
        String json = tree.proof(0, m).toJson();
        assertTrue(json.startsWith("{\"page\":0,\"flags\":1,\"content_hash\":\""), json);
        assertEquals(tree.proof(0, m), PageProofJson.parse(json.replace("\"content_hash\":\"", "\"content_hash\":\"0x")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse("[]"));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse("{"));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"flags\":1", "\"flags\":4")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"flags\":1", "\"flags\":4294967297")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"page\":0", "\"page\":-1")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"page\":0", "\"page\":0,\"x\":1")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"siblings\":[\"", "\"siblings\":[\"ab")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replace("\"page\":0,", "")));
        assertThrows(IllegalArgumentException.class, () -> PageProofJson.parse(json.replaceAll("\"siblings\":\\[[^]]*]", "\"siblings\":[]")));
    }
}
