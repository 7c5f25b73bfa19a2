package org.ckbvm.elf;

import static org.ckbvm.elf.TestElf.R;
import static org.ckbvm.elf.TestElf.W;
import static org.ckbvm.elf.TestElf.X;
import static org.ckbvm.elf.TestElf.elf;
import static org.ckbvm.elf.TestElf.load;
import static org.ckbvm.elf.TestElf.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.MachineVersion;
import org.ckbvm.memory.Memory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfParserTest {

    private static final int EXEC = Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED;
    private static final int FROZEN = Memory.FLAG_FREEZED;

    static VmError parseError(byte[] bytes, int version) {
        VmException e = assertThrows(VmException.class, () -> ElfParser.parse(bytes, version));
        return e.error();
    }

    static VmError parseError(byte[] bytes) {
        return parseError(bytes, MachineVersion.V1);
    }

    // ---- a well-formed file -------------------------------------------------------------------

    @Test
    void parsesHeaderAndOnePtLoad() {
        TestElf t = elf().entry(0x100b0).segment(load(R | X, 0x100b0, pattern(10)));
        byte[] bytes = t.build();
        ElfProgram p = ElfParser.parse(bytes, MachineVersion.V1);
        assertEquals(0x100b0, p.entry());
        assertEquals(List.of(new LoadingAction(0x10000, 0x1000, EXEC, 120, 130, 0xb0)), p.actions());
        assertEquals(10, p.fileBytes());
    }

    @Test
    void entryIsNotChecked() {
        byte[] bytes = elf().entry(0xdeadbeefcafef00dL).segment(load(R | X, 0x1000, pattern(4))).build();
        assertEquals(0xdeadbeefcafef00dL, ElfParser.parse(bytes, MachineVersion.V0).entry());
    }

    @Test
    void noProgramHeadersIsAnEmptyProgram() {
        byte[] bytes = elf().entry(0x1234).phoff(0xffff_ffff_ffffL).build();
        ElfProgram p = ElfParser.parse(bytes, MachineVersion.V1);
        assertEquals(0x1234, p.entry());
        assertTrue(p.actions().isEmpty());
        assertEquals(64, bytes.length); // a bare header is a complete file
    }

    @Test
    void ePhentsizeMachineAndTypeAreIgnored() {
        TestElf t = elf().phentsize(0).segment(load(R | X, 0x1000, pattern(8)));
        t.machine = 0;
        t.type = 0xffff;
        assertEquals(1, ElfParser.parse(t.build(), MachineVersion.V1).actions().size());
        t.phentsize(32);
        assertEquals(1, ElfParser.parse(t.build(), MachineVersion.V1).actions().size());
    }

    @Test
    void nonLoadSegmentsAreIgnoredWhateverTheirContents() {
        TestElf t = elf()
                .segment(load(0, 0, pattern(4)).type(0x70000003).offset(-1L).filesz(-1L)) // RISCV_ATTRIBUTES, garbage
                .segment(load(R | W | X, 0x5000, pattern(4)).type(2))                      // PT_DYNAMIC
                .segment(load(R, 0x3000, pattern(4)).type(0))                              // PT_NULL
                .segment(load(R, 0x2000, pattern(6)));
        ElfProgram p = ElfParser.parse(t.build(), MachineVersion.V1);
        assertEquals(1, p.actions().size());
        assertEquals(0x2000, p.actions().get(0).addr());
        assertEquals(6, p.fileBytes());
    }

    @Test
    void actionsKeepFileOrder() {
        TestElf t = elf()
                .segment(load(R | W, 0x30000, pattern(3)))
                .segment(load(R | X, 0x10000, pattern(5)))
                .segment(load(R, 0x20000, pattern(7)));
        List<LoadingAction> a = ElfParser.parse(t.build(), MachineVersion.V1).actions();
        assertEquals(List.of(0x30000L, 0x10000L, 0x20000L), a.stream().map(LoadingAction::addr).toList());
        assertEquals(15, ElfParser.parse(t.build(), MachineVersion.V1).fileBytes());
    }

    @Test
    void programHeaderTableMayBeUnalignedAndOverlapTheHeader() {
        // e_phoff = 1: the table starts inside the ELF header; p_type is then read from bytes 1..4
        // ("ELF" + class) which is not PT_LOAD, so it is simply skipped.
        byte[] bytes = elf().phoff(1).phnum(1).build();
        assertTrue(ElfParser.parse(bytes, MachineVersion.V1).actions().isEmpty());
        // an odd offset past the header
        TestElf t = elf().phoff(67).segment(load(R, 0x1000, pattern(2)));
        assertEquals(1, ElfParser.parse(t.build(), MachineVersion.V1).actions().size());
    }

    // ---- header checks, in goblin's order -------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4, 15})
    void shorterThanTheIdentIsAParseError(int length) {
        byte[] bytes = Arrays.copyOf(elf().build(), length);
        VmError e = parseError(bytes);
        assertInstanceOf(VmError.ElfParseError.class, e);
        assertEquals("Malformed entity: Too small", ((VmError.ElfParseError) e).reason());
    }

    @Test
    void badMagicIsAParseError() {
        byte[] bytes = elf().build();
        bytes[0] = 0x7e;
        VmError e = parseError(bytes);
        assertInstanceOf(VmError.ElfParseError.class, e);
        assertEquals("Invalid magic number: 0x10102464c457e", ((VmError.ElfParseError) e).reason());
        byte[] text = "#!/bin/sh\necho hello world\n".getBytes();
        assertInstanceOf(VmError.ElfParseError.class, parseError(text));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0x80, 0xff})
    void unknownClassIsAParseError(int elfClass) {
        VmError e = parseError(elf().elfClass(elfClass).build());
        assertInstanceOf(VmError.ElfParseError.class, e);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 0xff})
    void unknownDataEncodingIsAParseErrorNotElfBits(int data) {
        assertInstanceOf(VmError.ElfParseError.class, parseError(elf().data(data).build()));
        // ... for ELF32 too: the data byte is checked while reading the header, before the class
        assertInstanceOf(VmError.ElfParseError.class, parseError(elf().elfClass(1).data(data).build()));
    }

    @Test
    void classIsCheckedBeforeDataEncoding() {
        VmError e = parseError(elf().elfClass(0).data(0).build());
        assertTrue(((VmError.ElfParseError) e).reason().contains("class"));
    }

    @Test
    void elf32IsElfBits() {
        byte[] bytes = elf().elfClass(1).build(); // 64 bytes >= the 52-byte ELF32 header
        assertInstanceOf(VmError.ElfBits.class, parseError(bytes, MachineVersion.V0));
        assertInstanceOf(VmError.ElfBits.class, parseError(Arrays.copyOf(bytes, 52), MachineVersion.V2));
        // big-endian ELF32 as well
        assertInstanceOf(VmError.ElfBits.class, parseError(elf().elfClass(1).data(2).build()));
    }

    @Test
    void truncatedElf32HeaderIsAParseErrorNotElfBits() {
        byte[] bytes = Arrays.copyOf(elf().elfClass(1).build(), 51);
        VmError e = parseError(bytes);
        assertInstanceOf(VmError.ElfParseError.class, e);
        assertEquals("type is too big (2) for 1", ((VmError.ElfParseError) e).reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 17, 23, 40, 63})
    void truncatedElf64HeaderIsAParseError(int length) {
        byte[] bytes = Arrays.copyOf(elf().build(), length);
        assertInstanceOf(VmError.ElfParseError.class, parseError(bytes));
    }

    @Test
    void truncatedHeaderMessagesFollowScroll() {
        byte[] full = elf().build();
        assertEquals("bad offset 16", ((VmError.ElfParseError) parseError(Arrays.copyOf(full, 16))).reason());
        // e_entry (u64) starts at 24: 4 bytes left
        assertEquals("type is too big (8) for 4",
                ((VmError.ElfParseError) parseError(Arrays.copyOf(full, 28))).reason());
    }

    @Test
    void bigEndianElf64IsReadBigEndian() {
        TestElf t = elf().data(2).entry(0x10000).segment(load(R | X, 0x10004, pattern(9)).memsz(0x2000));
        byte[] bytes = t.build();
        ElfProgram p = ElfParser.parse(bytes, MachineVersion.V1);
        assertEquals(0x10000, p.entry());
        assertEquals(List.of(new LoadingAction(0x10000, 0x3000, EXEC, 120, 129, 4)), p.actions());
        // the same bytes read little-endian would be nonsense: flip only the data byte
        bytes[5] = 1;
        assertThrows(VmException.class, () -> ElfParser.parse(bytes, MachineVersion.V1));
    }

    // ---- program header table ---------------------------------------------------------------------

    @Test
    void phnumAboveFileLengthOver56IsAParseError() {
        byte[] bytes = elf().phnum(2).build(); // 64 bytes: 64 / 56 = 1
        VmError e = parseError(bytes);
        assertEquals("Buffer is too short for 2 program headers", ((VmError.ElfParseError) e).reason());
        byte[] max = elf().phnum(0xffff).trailing(4096).build();
        assertInstanceOf(VmError.ElfParseError.class, parseError(max));
    }

    @Test
    void phnumCheckUsesWholeFileNotTableEnd() {
        // 64 + 56 = 120 bytes holds 2 * 56, so phnum 2 passes the sanity check; the second
        // header then starts at 120 = end of file
        byte[] bytes = elf().phnum(2).segment(load(R, 0x1000, new byte[0])).build();
        assertEquals(120, bytes.length);
        VmError e = parseError(bytes);
        assertEquals("bad offset 120", ((VmError.ElfParseError) e).reason());
    }

    @Test
    void programHeaderPastEndOfFileIsAParseError() {
        byte[] good = elf().segment(load(R, 0x1000, new byte[0])).build(); // exactly 120 bytes
        assertEquals(1, ElfParser.parse(good, MachineVersion.V1).actions().size());
        // last header cut by one byte: p_align does not fit
        byte[] bytes = Arrays.copyOf(good, 119);
        VmError e = parseError(bytes);
        assertEquals("type is too big (8) for 7", ((VmError.ElfParseError) e).reason());
        // table starting exactly at the end / far beyond / at a negative (huge u64) offset
        byte[] atEnd = elf().phoff(120).phnum(1).trailing(56).build();
        TestElf.put(atEnd, 32, 8, atEnd.length, false);
        assertEquals("bad offset " + atEnd.length, ((VmError.ElfParseError) parseError(atEnd)).reason());
        byte[] huge = elf().phnum(1).trailing(56).build();
        TestElf.put(huge, 32, 8, 0x8000_0000_0000_0000L, false);
        assertEquals("bad offset 9223372036854775808", ((VmError.ElfParseError) parseError(huge)).reason());
        TestElf.put(huge, 32, 8, -1L, false);
        assertInstanceOf(VmError.ElfParseError.class, parseError(huge));
    }

    @Test
    void aBadSecondHeaderFailsEvenAfterAGoodFirstOne() {
        byte[] bytes = elf().segment(load(R, 0x1000, pattern(4))).segment(load(R, 0x2000, pattern(60))).build();
        // move the table so that the second entry runs off the end: phoff = len - 56 - 10
        TestElf.put(bytes, 32, 8, bytes.length - 66, false);
        assertInstanceOf(VmError.ElfParseError.class, parseError(bytes));
    }

    // ---- PT_LOAD file ranges ----------------------------------------------------------------------

    /**
     * goblin reads the whole program-header table before ckb-vm checks any entry, so a table cut
     * inside header 1 is {@code ElfParseError} even when header 0 alone would fail the per-segment
     * checks (issue #12: we used to check header 0 first). Each file is also shown whole, where
     * header 0's own verdict is what it is.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aTableCutInsideHeaderOneIsAParseErrorWhateverHeaderZeroSays(int version) {
        TestElf.Segment second = load(R | X, 0x20000, pattern(12));
        TestElf hugeFilesz = elf().segment(load(R, 0x10000, pattern(8)).filesz(1L << 62)).segment(second);
        TestElf writableOnly = elf().segment(load(W, 0x10000, pattern(8))).segment(second);
        TestElf rangePastCut = elf().segment(load(R, 0x10000, pattern(64))).segment(second);
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(hugeFilesz.build(), version));
        assertInstanceOf(VmError.ElfSegmentUnreadable.class, parseError(writableOnly.build(), version));
        assertEquals(2, ElfParser.parse(rangePastCut.build(), version).actions().size());
        for (TestElf file : List.of(hugeFilesz, writableOnly, rangePastCut)) {
            // 140 bytes: header, header 0 and 20 bytes of header 1 (e_phnum 2 <= 140 / 56 still)
            byte[] cut = Arrays.copyOf(file.build(), (int) file.phdrOffset(1) + 20);
            VmError e = parseError(cut, version);
            assertEquals(new VmError.ElfParseError("type is too big (8) for 4"), e);
        }
    }

    @Test
    void theCommittedCutTableFilesAreParseErrorsOnEveryVersion() throws java.io.IOException {
        for (String name : List.of("elf_phdrs_cut_after_huge_filesz", "elf_phdrs_cut_after_w_only",
                "elf_phdrs_cut_after_range_past_end")) {
            byte[] bytes = java.nio.file.Files.readAllBytes(org.ckbvm.TestVectors.elf(name));
            for (int version = 0; version <= 2; version++) {
                assertInstanceOf(VmError.ElfParseError.class, parseError(bytes, version), name + " v" + version);
            }
        }
    }

    @Test
    void segmentFileRangePastEofIsAddrOrSizeError() {
        TestElf t = elf().segment(load(R, 0x1000, pattern(10)).filesz(11));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t.build()));
        TestElf t2 = elf().segment(load(R, 0x1000, pattern(10)).offset(121));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t2.build()));
    }

    @Test
    void segmentFileRangeEndingExactlyAtEofIsFine() {
        byte[] bytes = elf().segment(load(R, 0x1000, pattern(10))).build();
        assertEquals(130, bytes.length);
        assertEquals(10, ElfParser.parse(bytes, MachineVersion.V1).fileBytes());
        // empty range at the very end of the file
        byte[] empty = elf().segment(load(R, 0x1000, pattern(10)).offset(130).filesz(0)).build();
        assertEquals(0, ElfParser.parse(empty, MachineVersion.V1).fileBytes());
    }

    @Test
    void wrappingFileRangeIsAddrOrSizeError() {
        // p_offset + p_filesz wraps: start > end
        TestElf t = elf().segment(load(R, 0x1000, pattern(10)).offset(8).filesz(-4L));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t.build()));
        // huge p_offset with p_filesz 0: start == end but past the file
        TestElf t2 = elf().segment(load(R, 0x1000, pattern(10)).offset(-1L).filesz(0));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t2.build()));
        // wraps to exactly 0: start > end
        TestElf t3 = elf().segment(load(R, 0x1000, pattern(10)).offset(16).filesz(-16L));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t3.build()));
    }

    // ---- flags ------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, X, W, W | X, 0xf8})
    void segmentWithoutReadIsUnreadable(int flags) {
        TestElf t = elf().segment(load(flags, 0x1000, pattern(4)));
        assertInstanceOf(VmError.ElfSegmentUnreadable.class, parseError(t.build(), MachineVersion.V0));
        assertInstanceOf(VmError.ElfSegmentUnreadable.class, parseError(t.build(), MachineVersion.V1));
    }

    @Test
    void writableAndExecutableSegmentIsRejected() {
        TestElf t = elf().segment(load(R | W | X, 0x1000, pattern(4)));
        assertInstanceOf(VmError.ElfSegmentWritableAndExecutable.class, parseError(t.build(), MachineVersion.V0));
        assertInstanceOf(VmError.ElfSegmentWritableAndExecutable.class, parseError(t.build(), MachineVersion.V2));
    }

    @Test
    void fileRangeIsCheckedBeforeFlags() {
        TestElf t = elf().segment(load(W | X, 0x1000, pattern(4)).filesz(1000));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(t.build()));
    }

    @Test
    void segmentsAreCheckedInFileOrder() {
        TestElf t = elf()
                .segment(load(R, 0x1000, pattern(4)))
                .segment(load(X, 0x2000, pattern(4)))                    // unreadable
                .segment(load(R, 0x3000, pattern(4)).filesz(1 << 20));   // bad range
        assertInstanceOf(VmError.ElfSegmentUnreadable.class, parseError(t.build()));
        TestElf u = elf()
                .segment(load(R, 0x3000, pattern(4)).filesz(1 << 20))
                .segment(load(X, 0x2000, pattern(4)));
        assertInstanceOf(VmError.ElfSegmentAddrOrSizeError.class, parseError(u.build()));
    }

    @Test
    void flagMappingPerVersion() {
        int[][] cases = {
                // p_flags, V0, V1+
                {R, FROZEN, FROZEN},
                {R | X, EXEC, EXEC},
                {R | W, FROZEN, 0},
                {R | 0xff00_0000, FROZEN, FROZEN},        // OS/processor bits ignored
                {R | W | 0x0ff0_0000, FROZEN, 0},
        };
        for (int[] c : cases) {
            TestElf t = elf().segment(load(c[0], 0x1000, pattern(4)));
            assertEquals(c[1], ElfParser.parse(t.build(), MachineVersion.V0).actions().get(0).flags(), "V0 " + c[0]);
            assertEquals(c[2], ElfParser.parse(t.build(), MachineVersion.V1).actions().get(0).flags(), "V1 " + c[0]);
            assertEquals(c[2], ElfParser.parse(t.build(), MachineVersion.V2).actions().get(0).flags(), "V2 " + c[0]);
        }
        assertEquals(FROZEN, ElfParser.convertFlags(R | W, true));
        assertEquals(0, ElfParser.convertFlags(R | W, false));
    }

    // ---- address arithmetic -----------------------------------------------------------------------

    @Test
    void addressRounding() {
        assertEquals(new LoadingAction(0x10000, 0x1000, FROZEN, 120, 124, 0x234),
                one(elf().segment(load(R, 0x10234, pattern(4)).memsz(0x100))));
        // memory range crossing a page boundary
        assertEquals(new LoadingAction(0x10000, 0x2000, FROZEN, 120, 124, 0xff0),
                one(elf().segment(load(R, 0x10ff0, pattern(4)).memsz(0x20))));
        // exactly one page, aligned
        assertEquals(new LoadingAction(0x10000, 0x1000, FROZEN, 120, 124, 0),
                one(elf().segment(load(R, 0x10000, pattern(4)).memsz(0x1000))));
        // memsz 0: size 0 (aligned) or one page (unaligned)
        assertEquals(0, one(elf().segment(load(R, 0x10000, pattern(4)).memsz(0))).size());
        assertEquals(0x1000, one(elf().segment(load(R, 0x10001, pattern(4)).memsz(0))).size());
        // filesz larger than memsz is kept as is (the loader truncates)
        assertEquals(new LoadingAction(0x10000, 0x1000, FROZEN, 120, 124, 0),
                one(elf().segment(load(R, 0x10000, pattern(4)).memsz(1))));
    }

    @Test
    void sizeArithmeticWraps() {
        // memsz + pad wraps to 1: one page
        assertEquals(0x1000, one(elf().segment(load(R, 0x10002, pattern(4)).memsz(-1L))).size());
        // memsz + pad wraps to exactly 0
        assertEquals(0, one(elf().segment(load(R, 0x10002, pattern(4)).memsz(-2L))).size());
        // round-up itself wraps: 0xffff_ffff_ffff_f001 -> 0
        assertEquals(0, one(elf().segment(load(R, 0x10000, pattern(4)).memsz(0xffff_ffff_ffff_f001L))).size());
        assertEquals(0xffff_ffff_ffff_f000L,
                one(elf().segment(load(R, 0x10000, pattern(4)).memsz(0xffff_ffff_ffff_f000L))).size());
        // vaddr at the top of the address space
        LoadingAction a = one(elf().segment(load(R, -1L, pattern(4)).memsz(1)));
        assertEquals(0xffff_ffff_ffff_f000L, a.addr());
        assertEquals(0xfff, a.offsetFromAddr());
        assertEquals(0x1000, a.size());
    }

    @Test
    void roundPageUp() {
        assertEquals(0, ElfParser.roundPageUp(0));
        assertEquals(4096, ElfParser.roundPageUp(1));
        assertEquals(4096, ElfParser.roundPageUp(4096));
        assertEquals(8192, ElfParser.roundPageUp(4097));
        assertEquals(0, ElfParser.roundPageUp(-1L));
        assertEquals(-4096L, ElfParser.roundPageUp(-4096L));
    }

    private static LoadingAction one(TestElf t) {
        List<LoadingAction> actions = ElfParser.parse(t.build(), MachineVersion.V1).actions();
        assertEquals(1, actions.size());
        return actions.get(0);
    }
}
