#!/usr/bin/env python3
"""Post-link fix-up used by build.sh: drop empty PT_LOAD program headers.

link.ld declares three PT_LOAD segments (text, rodata, data) with PHDRS; GNU ld
keeps a declared segment even when no section went into it, as a PT_LOAD with
p_memsz 0 at address 0.  Such an entry is useless and its meaning for CKB-VM
(init_pages with size 0) is not something these tests want to depend on, so it
is removed from the program header table (later entries move up, e_phnum drops).
Deterministic: the output depends only on the input bytes."""
import struct
import sys


def fix(path):
    data = bytearray(open(path, "rb").read())
    assert data[:4] == b"\x7fELF" and data[4] == 2 and data[5] == 1, path
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    assert phentsize == 56
    keep = []
    for i in range(phnum):
        off = phoff + i * 56
        ent = bytes(data[off:off + 56])
        p_type, = struct.unpack_from("<I", ent, 0)
        p_memsz, = struct.unpack_from("<Q", ent, 40)
        if p_type == 1 and p_memsz == 0:
            continue
        keep.append(ent)
    for i in range(phnum):
        off = phoff + i * 56
        data[off:off + 56] = keep[i] if i < len(keep) else bytes(56)
    struct.pack_into("<H", data, 0x38, len(keep))
    open(path, "wb").write(data)


if __name__ == "__main__":
    for p in sys.argv[1:]:
        fix(p)
