package org.ckbvm.isa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each version's rules, as docs/CKB_VM.md §1.2 (V0 to V1) and §1.3 (V1 to V2) list them. */
class VersionRulesTest {

    @Test
    void version0IsTheBase() {
        VersionRules v0 = VersionRules.V0;
        assertEquals(Opcodes.JALR_VERSION0, v0.jalrOpcode());
        assertFalse(v0.loadsMayEndAtMemoryEnd());
        assertFalse(v0.rvcHintsAreNops());
        assertEquals(VersionRules.StackLayout.PACKED_32_BIT, v0.stackLayout());
        assertTrue(v0.freezesWritableSegments());
        assertTrue(v0.zeroFillsBeforeUnalignedSegment());
        assertFalse(v0.allowsMacroOpFusion());
        assertFalse(v0.fusesVersion2Groups());
        assertFalse(v0.farJumpsNeedRaTemporary());
        assertFalse(v0.tracesMatchFullPc());
        assertFalse(v0.offersVersionSyscalls());
        assertEquals(VersionRules.ExecSyscall.NONE, v0.exec());
        assertFalse(v0.offersProcessSyscalls());
    }

    @Test
    void version1ChangesTheListOfFacts12() {
        VersionRules v1 = VersionRules.V1;
        assertEquals(Opcodes.JALR_VERSION1, v1.jalrOpcode());
        assertTrue(v1.loadsMayEndAtMemoryEnd());
        assertTrue(v1.rvcHintsAreNops());
        assertEquals(VersionRules.StackLayout.ALIGNED_64_BIT, v1.stackLayout());
        assertFalse(v1.freezesWritableSegments());
        assertFalse(v1.zeroFillsBeforeUnalignedSegment());
        assertTrue(v1.allowsMacroOpFusion());
        assertTrue(v1.offersVersionSyscalls());
        assertEquals(VersionRules.ExecSyscall.IN_PLACE, v1.exec());
        // unchanged until version 2
        assertFalse(v1.offersProcessSyscalls());
        assertFalse(v1.fusesVersion2Groups());
        assertFalse(v1.farJumpsNeedRaTemporary());
        assertFalse(v1.tracesMatchFullPc());
    }

    @Test
    void version2ChangesFusionTraceMatchingAndTheScriptSyscalls() {
        VersionRules v1 = VersionRules.V1;
        VersionRules v2 = VersionRules.V2;
        // docs/SPAWN.md §1: ExecV2, spawn and the pipes
        assertEquals(VersionRules.ExecSyscall.SCHEDULED, v2.exec());
        assertTrue(v2.offersProcessSyscalls());
        assertTrue(v2.fusesVersion2Groups());
        assertTrue(v2.farJumpsNeedRaTemporary());
        assertTrue(v2.tracesMatchFullPc());
        assertEquals(v1.jalrOpcode(), v2.jalrOpcode());
        assertEquals(v1.loadsMayEndAtMemoryEnd(), v2.loadsMayEndAtMemoryEnd());
        assertEquals(v1.rvcHintsAreNops(), v2.rvcHintsAreNops());
        assertEquals(v1.stackLayout(), v2.stackLayout());
        assertEquals(v1.freezesWritableSegments(), v2.freezesWritableSegments());
        assertEquals(v1.zeroFillsBeforeUnalignedSegment(), v2.zeroFillsBeforeUnalignedSegment());
        assertEquals(v1.allowsMacroOpFusion(), v2.allowsMacroOpFusion());
        assertEquals(v1.offersVersionSyscalls(), v2.offersVersionSyscalls());
    }

    @Test
    void lookUp() {
        assertSame(VersionRules.V0, VersionRules.of(0));
        assertSame(VersionRules.V1, VersionRules.of(1));
        assertSame(VersionRules.V2, VersionRules.of(2));
        assertEquals(2, VersionRules.of(2).version());
        assertThrows(IllegalArgumentException.class, () -> VersionRules.of(3));
        assertThrows(IllegalArgumentException.class, () -> VersionRules.of(-1));
        // the loaders take CKB's u32 and only tell 0 from the rest
        assertSame(VersionRules.V0, VersionRules.forLoader(0));
        assertSame(VersionRules.V2, VersionRules.forLoader(7));
    }
}
