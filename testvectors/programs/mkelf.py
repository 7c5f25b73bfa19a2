#!/usr/bin/env python3
"""Hand-made ELF files for CKB-VM loader tests (run by build.sh).

usage: mkelf.py OUTDIR

Every file is produced from constants only, so the output is byte-for-byte
deterministic.  The code in them is hand-encoded RV64 machine code:
  c.li a0,0        = 0x4501        addi a0,x0,0   = 0x00000513
  addi a7,x0,93    = 0x05d00893    ecall          = 0x00000073
See README.md for what each file proves."""
import os
import struct
import sys

PT_LOAD, PT_NOTE = 1, 4
PF_X, PF_W, PF_R = 1, 2, 4

# c.li a0,0 ; addi a7,x0,93 ; ecall  (10 bytes) -- the always_success code
ALWAYS_SUCCESS_CODE = struct.pack("<HII", 0x4501, 0x05D00893, 0x00000073)
# addi a0,x0,0 ; addi a7,x0,93 ; ecall (12 bytes, no RVC)
EXIT0_CODE = struct.pack("<III", 0x00000513, 0x05D00893, 0x00000073)


def ehdr64(entry, phnum, phoff=64, phentsize=56, machine=243, etype=2, ident_class=2, magic=b"\x7fELF"):
    ident = magic + bytes([ident_class, 1, 1, 0]) + bytes(8)
    return ident + struct.pack("<HHIQQQIHHHHHH", etype, machine, 1, entry, phoff, 0, 0,
                               64, phentsize, phnum, 64, 0, 0)


def phdr64(p_type, flags, offset, vaddr, filesz, memsz, align=0x1000):
    return struct.pack("<IIQQQQQQ", p_type, flags, offset, vaddr, vaddr, filesz, memsz, align)


def place(buf, off, data):
    """Write data into bytearray buf at off, growing it with zeros as needed."""
    if len(buf) < off + len(data):
        buf.extend(bytes(off + len(data) - len(buf)))
    buf[off:off + len(data)] = data


def simple(code, flags=PF_R | PF_X, vaddr=0x10000, code_off=0x1000, entry=None, extra=()):
    """ELF with one PT_LOAD holding `code` (plus optional extra phdrs)."""
    phs = [phdr64(PT_LOAD, flags, code_off, vaddr, len(code), len(code))] + list(extra)
    buf = bytearray(ehdr64(vaddr if entry is None else entry, len(phs)))
    for p in phs:
        buf += p
    place(buf, code_off, code)
    return bytes(buf)


def always_success():
    # Exactly like CKB's always_success: one PT_LOAD R+X at file offset 0 that
    # covers the ELF header, the single program header and the 10 code bytes:
    # 64 + 56 + 10 = 130 bytes = p_filesz = file size.
    vaddr = 0x10000
    entry = vaddr + 64 + 56
    buf = ehdr64(entry, 1) + phdr64(PT_LOAD, PF_R | PF_X, 0, vaddr, 130, 130) + ALWAYS_SUCCESS_CODE
    assert len(buf) == 130
    return buf


def always_success_filesz_gt_memsz():
    # Same code, but p_filesz = 5000 (file padded with zeros) and p_memsz = 130:
    # the mapped size is one page, the 5000-byte slice is silently truncated to
    # it, and the load cost still counts p_filesz = 5000.
    vaddr = 0x10000
    entry = vaddr + 120
    buf = bytearray(ehdr64(entry, 1) + phdr64(PT_LOAD, PF_R | PF_X, 0, vaddr, 5000, 130) + ALWAYS_SUCCESS_CODE)
    buf.extend(bytes(5000 - len(buf)))
    return bytes(buf)


def elf32():
    # A well-formed little-endian ELF32 RISC-V executable: class mismatch -> ElfBits.
    entry = 0x10000
    ident = b"\x7fELF" + bytes([1, 1, 1, 0]) + bytes(8)
    eh = ident + struct.pack("<HHIIIIIHHHHHH", 2, 243, 1, entry, 52, 0, 0, 52, 32, 1, 40, 0, 0)
    ph = struct.pack("<IIIIIIII", PT_LOAD, 0x1000, entry, entry, 12, 12, PF_R | PF_X, 0x1000)
    buf = bytearray(eh + ph)
    place(buf, 0x1000, EXIT0_CODE)
    return bytes(buf)


def bad_magic():
    b = bytearray(always_success())
    b[0] = 0x7E
    return bytes(b)


def bad_class():
    b = bytearray(always_success())
    b[4] = 3          # EI_CLASS neither 1 nor 2
    return bytes(b)


def tiny():
    return b"\x7fELF\x02\x01\x01\x00"   # 8 bytes: shorter than the 16-byte ident


def phdrs_truncated():
    # e_phnum = 3 but the 130-byte file only has room for one program header.
    b = bytearray(always_success())
    struct.pack_into("<H", b, 0x38, 3)
    return bytes(b)


def _cut_in_phdr1(first):
    # e_phnum 2: header 0 as given, header 1 a plain R+X PT_LOAD; the file ends 20 bytes into
    # header 1 (140 bytes, so e_phnum <= len / 56 holds). goblin reads the whole table before
    # ckb-vm looks at any entry: ElfParseError, whatever header 0 says.
    buf = ehdr64(0x10000, 2) + first + phdr64(PT_LOAD, PF_R | PF_X, 0, 0x10000, 12, 12)
    return buf[:64 + 56 + 20]


def phdrs_cut_after_huge_filesz():
    return _cut_in_phdr1(phdr64(PT_LOAD, PF_R, 0, 0x10000, 1 << 62, 1 << 62))


def phdrs_cut_after_w_only():
    return _cut_in_phdr1(phdr64(PT_LOAD, PF_W, 0, 0x10000, 64, 64))


def phdrs_cut_after_range_past_end():
    return _cut_in_phdr1(phdr64(PT_LOAD, PF_R, 0x100, 0x10000, 64, 64))   # [256, 320) of 140 bytes


def phoff_past_eof():
    b = bytearray(always_success())
    struct.pack_into("<Q", b, 0x20, 0x10000)   # e_phoff far past the end of file
    return bytes(b)


def seg_filesz_past_eof():
    b = bytearray(always_success())
    struct.pack_into("<Q", b, 64 + 32, 200)    # p_filesz 200 > file size 130
    struct.pack_into("<Q", b, 64 + 40, 200)    # p_memsz
    return bytes(b)


def seg_offset_past_eof():
    return simple(EXIT0_CODE)[:0x1000 - 16]     # p_offset 0x1000 lies beyond the truncated file


def seg_wx():
    return simple(EXIT0_CODE, flags=PF_R | PF_W | PF_X)


def seg_unreadable_x():
    return simple(EXIT0_CODE, flags=PF_X)


def seg_unreadable_w():
    return simple(EXIT0_CODE, flags=PF_W)


def seg_overlap_code():
    # Two R+X segments mapped to the same page 0x10000: the first freezes the
    # page, the second init_pages hits a FREEZED page -> MemWriteOnFreezedPage.
    phs = [phdr64(PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 12, 12),
           phdr64(PT_LOAD, PF_R | PF_X, 0x2000, 0x10800, 12, 12)]
    buf = bytearray(ehdr64(0x10000, 2) + b"".join(phs))
    place(buf, 0x1000, EXIT0_CODE)
    place(buf, 0x2000, EXIT0_CODE)
    return bytes(buf)


def seg_beyond_memory():
    # Code is fine; a second (read-only) segment starts at 4 MiB.
    extra = [phdr64(PT_LOAD, PF_R, 0x1000, 0x400000, 12, 12)]
    return simple(EXIT0_CODE, extra=extra)


def seg_straddles_end():
    # A read-only segment [0x3ff000, 0x401000): its second page is past 4 MiB.
    extra = [phdr64(PT_LOAD, PF_R, 0x1000, 0x3FF000, 12, 0x2000)]
    return simple(EXIT0_CODE, extra=extra)


def entry_past_memory():
    return simple(EXIT0_CODE, entry=0x500000)


def machine_x86():
    # e_machine = x86-64 and e_type = ET_DYN: neither is checked -> runs.
    b = bytearray(simple(EXIT0_CODE))
    struct.pack_into("<HH", b, 16, 3, 62)
    return bytes(b)


def phentsize_zero():
    # e_phentsize is ignored (fixed 56-byte stride) -> runs.
    b = bytearray(simple(EXIT0_CODE))
    struct.pack_into("<H", b, 0x36, 0)
    return bytes(b)


def note_past_eof():
    # A PT_NOTE whose file range lies past the end of file: only PT_LOAD
    # segments are checked -> runs.
    extra = [phdr64(PT_NOTE, PF_R, 0x100000, 0, 0x100, 0x100, align=4)]
    return simple(EXIT0_CODE, extra=extra)


def v_writable_then_code():
    # Segment 1: R+W data at 0x10000.  Segment 2: R+X code on the same page.
    # V0 freezes writable pages -> segment 2 fails with MemWriteOnFreezedPage.
    # V1+ gives writable pages flag 0 -> segment 2 maps over it; exit 0.
    phs = [phdr64(PT_LOAD, PF_R | PF_W, 0x2000, 0x10000, 8, 8),
           phdr64(PT_LOAD, PF_R | PF_X, 0x1000, 0x10000, 12, 12)]
    buf = bytearray(ehdr64(0x10000, 2) + b"".join(phs))
    place(buf, 0x1000, EXIT0_CODE)
    place(buf, 0x2000, struct.pack("<Q", 0x1122334455667788))
    return bytes(buf)


def v_unaligned_exec():
    # One R+X segment with p_vaddr 0x10100 (not page-aligned).  V0 zero-fills
    # [0x10000, 0x10100) with a checked store -> MemWriteOnExecutablePage.
    # V1+ skips that store; exit 0.
    return simple(EXIT0_CODE, vaddr=0x10100, code_off=0x1100)


FILES = {
    "always_success": always_success,
    "always_success_filesz_gt_memsz": always_success_filesz_gt_memsz,
    "elf_32bit": elf32,
    "elf_bad_magic": bad_magic,
    "elf_bad_class": bad_class,
    "elf_tiny": tiny,
    "elf_phdrs_truncated": phdrs_truncated,
    "elf_phoff_past_eof": phoff_past_eof,
    "elf_phdrs_cut_after_huge_filesz": phdrs_cut_after_huge_filesz,
    "elf_phdrs_cut_after_w_only": phdrs_cut_after_w_only,
    "elf_phdrs_cut_after_range_past_end": phdrs_cut_after_range_past_end,
    "elf_seg_filesz_past_eof": seg_filesz_past_eof,
    "elf_seg_offset_past_eof": seg_offset_past_eof,
    "elf_seg_wx": seg_wx,
    "elf_seg_unreadable_x": seg_unreadable_x,
    "elf_seg_unreadable_w": seg_unreadable_w,
    "elf_seg_overlap_code": seg_overlap_code,
    "elf_seg_beyond_memory": seg_beyond_memory,
    "elf_seg_straddles_end": seg_straddles_end,
    "elf_entry_past_memory": entry_past_memory,
    "elf_machine_x86": machine_x86,
    "elf_phentsize_zero": phentsize_zero,
    "elf_note_past_eof": note_past_eof,
    "v_writable_then_code": v_writable_then_code,
    "v_unaligned_exec": v_unaligned_exec,
}

if __name__ == "__main__":
    out = sys.argv[1]
    for name in sorted(FILES):
        with open(os.path.join(out, name), "wb") as f:
            f.write(FILES[name]())
