package org.ckbvm.elf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.VersionRules;
import org.ckbvm.memory.Memory;

/**
 * CKB-VM's {@code elf::parse_elf} for the 64-bit machine: only the ELF header and the program
 * headers are read, the way ckb-vm drives goblin (0.2.3 on version 0, 0.4.0 on version 1+; the two
 * code paths are identical). Section headers, {@code e_machine}, {@code e_type},
 * {@code e_version}, {@code e_phentsize} and {@code e_entry} are not checked.
 *
 * <p>Order of checks, each failing with the given error kind:
 * <ol>
 *   <li>file shorter than the 16-byte ident: {@code ElfParseError};</li>
 *   <li>magic is not {@code 7F 'E' 'L' 'F'}: {@code ElfParseError};</li>
 *   <li>class byte not 1 (ELF32) or 2 (ELF64): {@code ElfParseError};</li>
 *   <li>data byte not 1 (little-endian) or 2 (big-endian): {@code ElfParseError};</li>
 *   <li>file shorter than the 52/64-byte header of that class: {@code ElfParseError};</li>
 *   <li>ELF32 on this 64-bit machine: {@code ElfBits};</li>
 *   <li>{@code e_phnum > file length / 56}: {@code ElfParseError}; then all {@code e_phnum} entries
 *       are read at {@code e_phoff} with a fixed 56-byte stride, and one that does not fit in the
 *       file is {@code ElfParseError}. The whole table is read before any entry is looked at
 *       (goblin's {@code ProgramHeader::parse} returns the full list, or its error, to ckb-vm), so a
 *       truncated table is {@code ElfParseError} whatever its earlier entries say;</li>
 *   <li>then for each PT_LOAD, in order: file range {@code [p_offset, p_offset + p_filesz)}
 *       (wrapping add) with start &gt; end or end &gt; file length:
 *       {@code ElfSegmentAddrOrSizeError}; then the flags: no R is {@code ElfSegmentUnreadable}, W
 *       and X is {@code ElfSegmentWritableAndExecutable} (ckb-vm {@code parse_elf}'s loop).</li>
 * </ol>
 * A big-endian ELF64 is accepted and its fields are read big-endian, as goblin does.
 *
 * <p>For any byte array this throws nothing but {@link VmException}; it allocates at most one
 * program header and one action per 56 bytes of input.
 */
public final class ElfParser {
    private ElfParser() {}

    public static final int PT_LOAD = 1;
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;

    /** goblin's {@code SIZEOF_IDENT}. */
    public static final int IDENT_SIZE = 16;
    public static final int EHDR32_SIZE = 52;
    public static final int EHDR64_SIZE = 64;
    /** ELF64 program header size; used as the stride whatever {@code e_phentsize} says. */
    public static final int PHDR64_SIZE = 56;

    private static final int CLASS_32 = 1;
    private static final int CLASS_64 = 2;
    private static final int DATA_LSB = 1;
    private static final int DATA_MSB = 2;

    private static final long PAGE_MASK = Memory.PAGE_SIZE - 1;

    /**
     * Parses {@code elf} for a machine of the given version. The version only matters for the
     * flags of writable segments ({@link #convertFlags}). It is compared as CKB's u32: 0 is
     * version 0, anything else behaves as version 1+.
     *
     * @throws VmException with {@code ElfParseError}, {@code ElfBits},
     *         {@code ElfSegmentAddrOrSizeError}, {@code ElfSegmentUnreadable} or
     *         {@code ElfSegmentWritableAndExecutable}
     */
    public static ElfProgram parse(byte[] elf, int version) {
        return parse(elf, VersionRules.forLoader(version));
    }

    /** {@link #parse(byte[], int)} under the given version's rules. */
    public static ElfProgram parse(byte[] elf, VersionRules rules) {
        Objects.requireNonNull(elf, "elf");
        // --- goblin elf::header::Header::try_from_ctx ---
        if (elf.length < IDENT_SIZE) {
            throw parseError("Malformed entity: Too small");
        }
        if (elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw parseError("Invalid magic number: 0x" + Long.toHexString(new Reader(elf, false).u64At(0)));
        }
        int elfClass = elf[4] & 0xff;
        if (elfClass != CLASS_32 && elfClass != CLASS_64) {
            throw parseError("Malformed entity: invalid ELF class " + Integer.toHexString(elfClass));
        }
        int data = elf[5] & 0xff;
        if (data != DATA_LSB && data != DATA_MSB) {
            throw parseError("Malformed entity: invalid ELF endianness DATA type " + Integer.toHexString(data));
        }
        Reader header = new Reader(elf, data == DATA_MSB);
        long entry;
        long phoff;
        int phnum;
        if (elfClass == CLASS_32) {
            // header32: every field is read (a short file fails here, before the class check)
            header.skip(IDENT_SIZE);
            header.u16(); // e_type
            header.u16(); // e_machine
            header.u32(); // e_version
            header.u32(); // e_entry
            header.u32(); // e_phoff
            header.u32(); // e_shoff
            header.u32(); // e_flags
            for (int i = 0; i < 6; i++) {
                header.u16(); // e_ehsize .. e_shstrndx
            }
            // ckb-vm: R::BITS (64) != 32 for a "little" (ELF32) container
            throw new VmException(new VmError.ElfBits());
        }
        header.skip(IDENT_SIZE);
        header.u16(); // e_type
        header.u16(); // e_machine
        header.u32(); // e_version
        entry = header.u64();
        phoff = header.u64();
        header.u64(); // e_shoff
        header.u32(); // e_flags
        header.u16(); // e_ehsize
        header.u16(); // e_phentsize (ignored)
        phnum = header.u16();
        header.u16(); // e_shentsize
        header.u16(); // e_shnum
        header.u16(); // e_shstrndx

        // --- goblin ProgramHeader::parse(bytes, e_phoff, e_phnum, ctx) ---
        if (phnum > elf.length / PHDR64_SIZE) {
            throw parseError("Buffer is too short for " + phnum + " program headers");
        }
        List<LoadHeader> loads = readProgramHeaders(elf, data == DATA_MSB, phoff, phnum);

        // --- ckb-vm parse_elf: the PT_LOAD entries, in file order ---
        boolean allowFreezeWritable = rules.freezesWritableSegments();
        List<LoadingAction> actions = new ArrayList<>(loads.size());
        for (LoadHeader ph : loads) {
            long addr = ph.vaddr() & ~PAGE_MASK;
            long pad = ph.vaddr() - addr;
            long size = roundPageUp(ph.memsz() + pad);
            long sliceStart = ph.offset();
            long sliceEnd = ph.offset() + ph.filesz();
            if (Long.compareUnsigned(sliceStart, sliceEnd) > 0 || Long.compareUnsigned(sliceEnd, elf.length) > 0) {
                throw new VmException(new VmError.ElfSegmentAddrOrSizeError());
            }
            int flags = convertFlags(ph.flags(), allowFreezeWritable);
            actions.add(new LoadingAction(addr, size, flags, sliceStart, sliceEnd, pad));
        }
        return new ElfProgram(entry, actions);
    }

    /** The fields of a PT_LOAD entry that loading uses. */
    private record LoadHeader(int flags, long offset, long vaddr, long filesz, long memsz) {}

    /**
     * goblin {@code ProgramHeader::parse(bytes, e_phoff, e_phnum, ctx)}: every entry is read (the
     * first that does not fit is {@code ElfParseError}) before the caller sees any; returns the
     * PT_LOAD entries in order. {@code phnum <= elf.length / 56} was checked by the caller.
     */
    private static List<LoadHeader> readProgramHeaders(byte[] elf, boolean bigEndian, long phoff, int phnum) {
        List<LoadHeader> loads = new ArrayList<>();
        long offset = phoff;
        for (int i = 0; i < phnum; i++) {
            // scroll gread_with: the start offset must lie inside the buffer ...
            if (Long.compareUnsigned(offset, elf.length) >= 0) {
                throw parseError("bad offset " + Long.toUnsignedString(offset));
            }
            // ... then the derived reader takes each field from the remaining slice
            Reader ph = new Reader(elf, bigEndian, (int) offset);
            int pType = ph.u32();
            int pFlags = ph.u32();
            long pOffset = ph.u64();
            long pVaddr = ph.u64();
            ph.u64(); // p_paddr
            long pFilesz = ph.u64();
            long pMemsz = ph.u64();
            ph.u64(); // p_align
            offset += PHDR64_SIZE;
            if (pType == PT_LOAD) {
                loads.add(new LoadHeader(pFlags, pOffset, pVaddr, pFilesz, pMemsz));
            }
        }
        return loads;
    }

    /**
     * CKB-VM {@code elf::convert_flags}: no R is {@code ElfSegmentUnreadable}; W and X is
     * {@code ElfSegmentWritableAndExecutable}; X maps to EXECUTABLE|FREEZED; W maps to FREEZED when
     * {@code allowFreezeWritable} (version 0) and to 0 otherwise; R alone maps to FREEZED. Other
     * {@code p_flags} bits are ignored.
     */
    public static int convertFlags(int pFlags, boolean allowFreezeWritable) {
        boolean readable = (pFlags & PF_R) != 0;
        boolean writable = (pFlags & PF_W) != 0;
        boolean executable = (pFlags & PF_X) != 0;
        if (!readable) {
            throw new VmException(new VmError.ElfSegmentUnreadable());
        }
        if (writable && executable) {
            throw new VmException(new VmError.ElfSegmentWritableAndExecutable());
        }
        if (executable) {
            return Memory.FLAG_EXECUTABLE | Memory.FLAG_FREEZED;
        }
        if (writable && !allowFreezeWritable) {
            return 0;
        }
        return Memory.FLAG_FREEZED;
    }

    /** ckb-vm {@code bits::roundup(x, 4096)}: {@code x + ((-x) & 4095)}, wrapping. */
    static long roundPageUp(long x) {
        return x + (-x & PAGE_MASK);
    }

    private static VmException parseError(String reason) {
        return new VmException(new VmError.ElfParseError(reason));
    }

    /**
     * Sequential field reader over {@code elf[base..]} that fails like scroll's {@code gread_with}:
     * a field starting at or past the end of the slice is "bad offset", one that starts inside but
     * does not fit is "type is too big". Offsets in messages are relative to {@code base}.
     */
    private static final class Reader {
        private final byte[] bytes;
        private final boolean bigEndian;
        private final int base;
        private int pos; // relative to base

        Reader(byte[] bytes, boolean bigEndian) {
            this(bytes, bigEndian, 0);
        }

        Reader(byte[] bytes, boolean bigEndian, int base) {
            this.bytes = bytes;
            this.bigEndian = bigEndian;
            this.base = base;
        }

        void skip(int n) {
            pos += n;
        }

        int u16() {
            return (int) read(2);
        }

        int u32() {
            return (int) read(4);
        }

        long u64() {
            return read(8);
        }

        /** A little/big-endian u64 at an absolute offset known to be in range. */
        long u64At(int at) {
            int saved = pos;
            pos = at - base;
            long v = read(8);
            pos = saved;
            return v;
        }

        private long read(int width) {
            int available = bytes.length - base;
            if (pos >= available) {
                throw parseError("bad offset " + pos);
            }
            if (width > available - pos) {
                throw parseError("type is too big (" + width + ") for " + (available - pos));
            }
            int at = base + pos;
            long v = 0;
            if (bigEndian) {
                for (int i = 0; i < width; i++) {
                    v = (v << 8) | (bytes[at + i] & 0xffL);
                }
            } else {
                for (int i = width - 1; i >= 0; i--) {
                    v = (v << 8) | (bytes[at + i] & 0xffL);
                }
            }
            pos += width;
            return v;
        }
    }
}
