#!/usr/bin/env python3
"""A small Python model of script version 1's in-place exec (syscall 2043, ckb-script's
`Exec::ecall` in `syscalls/exec.rs` of ckb v0.200.0), on top of the CKB-VM model ../refmodel.py,
written from docs/SPAWN.md §7.2 independently of the Java runtime. It is an authoring aid, not a
reference: it runs the programs of this directory and prints the outcome and cycle total that our
reading of ckb gives. Data model (docs/SPAWN.md §11.1): the sources are cell deps 0..n-1; inputs,
outputs, header deps and witnesses exist but are empty.

usage: execmodel.py ELF [--source FILE ...] [ARG ...]   run one program (version 1)
       execmodel.py --table                              run the RUNS below
       execmodel.py --json > expected.json               the same runs as JSON (what the Java
                                                         runtime's ExecV1ProgramsTest replays)"""
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import refmodel  # noqa: E402
from refmodel import VMError, M64  # noqa: E402

GROUP = 0x0100000000000000
ENTRY_MASK = 0x00FFFFFFFFFFFFFF
MAX_ARGV_LENGTH = 1024 * 1024
ARGV_TOO_LONG_TEXT = "@@@VM@@@UNEXPECTED@@@ARGV@@@TOOLONG@@@"
STACK_START, STACK_SIZE = (4 << 20) - (1 << 20), 1 << 20   # RISCV_MAX_MEMORY - DEFAULT_STACK_SIZE
INDEX_OUT_OF_BOUND, SLICE_OUT_OF_BOUND, WRONG_FORMAT = 1, 3, 4


def ceil4(n):
    return (n + 3) // 4


class VM(refmodel.Machine):
    """Version 1, ISA IMC+B+MOP, CKB's cost model: a ckb2021 script."""

    def __init__(self, sources):
        super().__init__(1, ["imc", "b", "mop"], "ckb", None)
        self.sources = sources
        self.execs = 0

    def ld64(self, a):
        return self.mem.load(a, 8, 1)

    def cstr(self, a):
        s = bytearray()
        while True:
            c = self.mem.load(a, 1, 1)
            if c == 0:
                return bytes(s)
            s.append(c)
            a = (a + 1) & M64

    def exec_one(self, d):
        if d["op"] == "ecall" and self.reg[17] == 2043:
            return self.exec_v1()
        return super().exec_one(d)

    def ecall(self, d):
        r = self.reg
        if r[17] == 2092:   # load_cell_data from a cell dep (what the programs use to learn a size)
            if r[14] != 3 or r[13] >= len(self.sources):
                return self.setr(10, INDEX_OUT_OF_BOUND)
            data = self.sources[r[13]]
            size = self.ld64(r[11])
            off = min(r[12], len(data))
            full = len(data) - off
            real = min(size, full)
            self.mem.store(r[11], struct.pack("<Q", full))
            self.mem.store(r[10], data[off:off + real])
            self.cycles += ceil4(real)
            return self.setr(10, 0)
        return super().ecall(d)

    def exec_v1(self):
        """Exec::ecall; returns the pc the run goes on at (None: after the ecall)."""
        r = self.reg
        index, src, place, bounds, argc, addr = r[10], r[11], r[12], r[13], r[14], r[15]
        entry = src & ENTRY_MASK
        if entry not in (1, 2, 3, 4):
            raise VMError("External", f"SourceEntry parse_from_u64 {entry}")
        group = (src & 0xFF00000000000000) == GROUP
        if place not in (0, 1):
            raise VMError("External", f"Place parse_from_u64 {place}")
        off, length = bounds >> 32, bounds & 0xFFFFFFFF
        if place != 0 or group or entry != 3 or index >= len(self.sources):
            self.setr(10, INDEX_OUT_OF_BOUND)
            return None
        data = self.sources[index]
        if off >= len(data) or (length and off + length > len(data)):
            self.setr(10, SLICE_OUT_OF_BOUND)
            return None
        data = data[off:off + length] if length else data[off:]
        argv, total, k = [], 0, 0
        while k < argc:
            argv.append(self.cstr(self.ld64(addr)))
            total += 8 + len(argv[-1])
            if total > MAX_ARGV_LENGTH:
                raise VMError("Unexpected", ARGV_TOO_LONG_TEXT)
            addr = (addr + 8) & M64
            k += 1
        self.execs += 1
        # reset(max_cycles), cycles kept; the trace cache goes with it
        cycles = self.cycles
        self.mem, self.reg, self.pc, self.lr, self.traces = refmodel.Memory(), [0] * 32, 0, M64, {}
        self.cycles = cycles
        try:
            n = self.load_elf(bytes(data))   # sets pc to the entry only when it succeeds
        except VMError:
            self.setr(10, WRONG_FORMAT)
            return self.pc
        self.cycles += ceil4(n)
        try:
            n = self.exec_stack(argv)
        except VMError:
            self.setr(10, WRONG_FORMAT)
            return self.pc
        self.cycles += ceil4(n)
        if self.cycles > self.max:
            raise VMError("CyclesExceeded")
        return self.pc

    def exec_stack(self, args):
        """initialize_stack(args, STACK_START, STACK_SIZE), version 1 layout, SP written as it goes."""
        top = STACK_START + STACK_SIZE
        if not args:
            self.reg[2] = (top - 8) & ~15
            return top - self.reg[2]
        self.reg[2] = top
        values = [len(args)]
        for a in args:
            address = self.reg[2] - (len(a) + 1)
            self.mem.store(address, a)
            self.mem.store(address + len(a), b"\0")
            values.append(address)
            self.reg[2] = address
        values.append(0)
        unaligned = self.reg[2] - 8 * len(values)
        self.reg[2] -= unaligned - (unaligned & ~15)
        for v in reversed(values):
            address = self.reg[2] - 8
            self.mem.store(address, struct.pack("<Q", v))
            self.reg[2] = address
        if self.reg[2] < STACK_START:
            raise VMError("MemOutOfStack")
        return top - self.reg[2]


def run_one(elf, sources, args):
    tv = os.path.dirname(os.path.dirname(HERE))
    prog = open(os.path.join(tv, elf), "rb").read()
    srcs = [open(os.path.join(tv, s), "rb").read() for s in sources]
    m = VM(srcs)
    try:
        n = m.load_elf(prog)
        n += m.init_stack(args)
        m.cycles += ceil4(n)
        m.run()
        return ("exited", m.exit_code, m.cycles, m.execs)
    except VMError as e:
        return ("error", e.name, m.cycles, m.execs)


SOURCES = ["elf/exec_v1", "elf/blob_data.bin", "elf/exec_v1_b.pad"]
# (elf, args, expected status, expected exit code or error)
RUNS = [
    ("exec_v1", [], "exited", 42),
    ("exec_v1", ["1"], "error", "External"),
    ("exec_v1", ["2"], "error", "External"),
    ("exec_v1", ["3"], "error", "MemWriteOnExecutablePage"),
    ("exec_v1", ["4"], "error", "MemOutOfBound"),
    ("exec_v1", ["5"], "error", "Unexpected"),
    ("exec_v1", ["6"], "exited", 66),
]


def table_json():
    out = []
    for name, args, st, val in RUNS:
        got = run_one("elf/" + name, SOURCES, args)
        if got[0] != st or got[1] != val:
            raise SystemExit(f"{name} {args}: the model gives {got[0]} {got[1]}, expected {st} {val}")
        entry = {"program": name, "args": args, "sources": SOURCES, "status": got[0]}
        entry["exit_code" if got[0] == "exited" else "error"] = got[1]
        entry["cycles"] = got[2]
        entry["execs"] = got[3]
        out.append(entry)
    return json.dumps(out, indent=1) + "\n"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--json":
        sys.stdout.write(table_json())
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        bad = 0
        for name, args, st, val in RUNS:
            got = run_one("elf/" + name, SOURCES, args)
            ok = got[0] == st and got[1] == val
            bad += not ok
            print(f"{'ok ' if ok else 'BAD'} {name} {' '.join(args)} {got[0]} {got[1]} cycles={got[2]} execs={got[3]}")
        print(f"{len(RUNS) - bad} passed, {bad} failed")
        sys.exit(1 if bad else 0)
    argv = sys.argv[1:]
    elf, srcs, args = argv[0], [], []
    k = 1
    while k < len(argv):
        if argv[k] == "--source":
            srcs.append(argv[k + 1])
            k += 2
        else:
            args.append(argv[k])
            k += 1
    print(run_one(elf, srcs, args))


if __name__ == "__main__":
    main()
