package org.ckbvm.elf;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only ELF writer: a 64-byte ELF64 header, program headers at {@code phoff} (default right
 * after the header, 56 bytes apart) and segment payloads laid out after them. Every header field
 * can be overridden so tests can produce malformed files.
 */
final class TestElf {
    static final int PT_LOAD = 1;
    static final int R = ElfParser.PF_R;
    static final int W = ElfParser.PF_W;
    static final int X = ElfParser.PF_X;

    /** One program header; null/negative fields are filled in by {@link #build()}. */
    static final class Segment {
        int type = PT_LOAD;
        int flags;
        Long offset;      // default: where the payload is placed
        long vaddr;
        Long filesz;      // default: payload length
        Long memsz;       // default: filesz
        long paddr;
        long align = 0x1000;
        byte[] payload = new byte[0];

        Segment type(int v) { type = v; return this; }
        Segment flags(int v) { flags = v; return this; }
        Segment offset(long v) { offset = v; return this; }
        Segment vaddr(long v) { vaddr = v; return this; }
        Segment filesz(long v) { filesz = v; return this; }
        Segment memsz(long v) { memsz = v; return this; }
        Segment payload(byte[] v) { payload = v; return this; }
    }

    int elfClass = 2;
    int data = 1;
    long entry = 0x10000;
    Long phoff;           // default 64
    Integer phnum;        // default: number of segments
    int phentsize = 56;
    int type = 2;         // ET_EXEC
    int machine = 243;    // EM_RISCV
    final List<Segment> segments = new ArrayList<>();
    /** Extra bytes appended after all payloads. */
    int trailing;

    static TestElf elf() {
        return new TestElf();
    }

    static Segment load(int flags, long vaddr, byte[] payload) {
        return new Segment().flags(flags).vaddr(vaddr).payload(payload);
    }

    TestElf entry(long v) { entry = v; return this; }
    TestElf elfClass(int v) { elfClass = v; return this; }
    TestElf data(int v) { data = v; return this; }
    TestElf phoff(long v) { phoff = v; return this; }
    TestElf phnum(int v) { phnum = v; return this; }
    TestElf phentsize(int v) { phentsize = v; return this; }
    TestElf trailing(int v) { trailing = v; return this; }

    TestElf segment(Segment s) {
        segments.add(s);
        return this;
    }

    /** Offset of program header {@code i} in the built file. */
    long phdrOffset(int i) {
        return (phoff == null ? 64 : phoff) + 56L * i;
    }

    byte[] build() {
        long headerTableOffset = phoff == null ? 64 : phoff;
        boolean tableInFile = headerTableOffset >= 0 && headerTableOffset <= 1 << 20;
        int tableEnd = tableInFile
                ? (int) Math.max(64, headerTableOffset + 56L * segments.size())
                : 64 + 56 * segments.size();
        // place payloads
        long[] payloadAt = new long[segments.size()];
        int cursor = tableEnd;
        for (int i = 0; i < segments.size(); i++) {
            payloadAt[i] = cursor;
            cursor += segments.get(i).payload.length;
        }
        int length = cursor + trailing;
        byte[] out = new byte[length];
        boolean be = data == 2;
        // ident
        out[0] = 0x7f;
        out[1] = 'E';
        out[2] = 'L';
        out[3] = 'F';
        out[4] = (byte) elfClass;
        out[5] = (byte) data;
        out[6] = 1;
        put(out, 16, 2, type, be);
        put(out, 18, 2, machine, be);
        put(out, 20, 4, 1, be);
        put(out, 24, 8, entry, be);
        put(out, 32, 8, headerTableOffset, be);
        put(out, 40, 8, 0, be); // e_shoff
        put(out, 48, 4, 0, be);
        put(out, 52, 2, 64, be);
        put(out, 54, 2, phentsize, be);
        put(out, 56, 2, phnum == null ? segments.size() : phnum, be);
        put(out, 58, 2, 64, be);
        put(out, 60, 2, 0, be);
        put(out, 62, 2, 0, be);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            System.arraycopy(s.payload, 0, out, (int) payloadAt[i], s.payload.length);
            long at = headerTableOffset + 56L * i;
            if (at < 0 || at + 56 > length) {
                continue; // the table is deliberately outside the file
            }
            long filesz = s.filesz == null ? s.payload.length : s.filesz;
            put(out, (int) at, 4, s.type, be);
            put(out, (int) at + 4, 4, s.flags, be);
            put(out, (int) at + 8, 8, s.offset == null ? payloadAt[i] : s.offset, be);
            put(out, (int) at + 16, 8, s.vaddr, be);
            put(out, (int) at + 24, 8, s.paddr, be);
            put(out, (int) at + 32, 8, filesz, be);
            put(out, (int) at + 40, 8, s.memsz == null ? filesz : s.memsz, be);
            put(out, (int) at + 48, 8, s.align, be);
        }
        return out;
    }

    static void put(byte[] out, int at, int width, long value, boolean bigEndian) {
        for (int i = 0; i < width; i++) {
            int shift = 8 * (bigEndian ? width - 1 - i : i);
            out[at + i] = (byte) (value >>> shift);
        }
    }

    /** {@code n} bytes 1, 2, 3, ... (never 0, so copied bytes are distinguishable from padding). */
    static byte[] pattern(int n) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            b.write(1 + i % 251);
        }
        return b.toByteArray();
    }
}
