#!/usr/bin/env python3
"""A small Python model of ckb-script's VM scheduler (script version 2: spawn, pipes, wait,
exec, load_block_extension), written from the rules of docs/SPAWN.md on top of the CKB-VM
model ../refmodel.py.  It is an authoring aid, not a reference: it checks that the programs
of this directory end as EXPECTED.md says under our reading of ckb, and prints the cycle
totals that reading gives.  Data model (docs/SPAWN.md §11.1): the sources are cell deps 0..n-1;
inputs, outputs, header deps and witnesses exist but are empty.

usage: schedmodel.py ELF [--source FILE ...] [ARG ...]     run one program (version 2)
       schedmodel.py --table                                run the EXPECTED.md runs
       schedmodel.py --json > expected.json                 the same runs as JSON (what the Java
                                                            runtime's SpawnProgramsTest replays)"""
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import refmodel  # noqa: E402
from refmodel import VMError, M64, sx  # noqa: E402

SPAWN_EXTRA = 100_000
YIELD = 800
EXEC_BASE = 75_000
MAX_VMS_COUNT, MAX_INSTANTIATED, MAX_FDS = 16, 4, 64
GROUP = 0x0100000000000000
ENTRY_MASK = 0x00FFFFFFFFFFFFFF


def ceil4(n):
    return (n + 3) // 4


class Yield(Exception):
    pass


class VM(refmodel.Machine):
    def __init__(self, sched, vm_id):
        super().__init__(2, ["imc", "b", "mop"], "ckb", None)
        self.sched, self.vm_id = sched, vm_id

    def ld64(self, a):
        return self.mem.load(a, 8, 2)

    def cstr(self, a):
        s = bytearray()
        while True:
            c = self.mem.load(a, 1, 2)
            if c == 0:
                return bytes(s)
            s.append(c)
            a += 1

    def yield_(self, d, msg):
        self.pc = d["pc"] + d["size"]
        self.sched.box.append((self.vm_id, msg))
        raise Yield()

    def ecall(self, d):
        n, r, s = self.reg[17], self.reg, self.sched
        s.charged["ecall"] += 500
        if n in (2602, 2604, 2605, 2606, 2607, 2608):
            s.charged["yield"] += YIELD   # taken back below when write/read refuse the fd
        if n in (93, 2041, 2177):
            return super().ecall(d)
        if n == 2042:
            return self.setr(10, s.total + self.cycles)
        if n == 2092:   # load_cell_data, plain (no Snapshot2 tracking needed here)
            data = s.piece(("celldep", r[13])) if r[14] == 3 else None
            if r[14] not in (1, 2, 3, 4) and (r[14] & ENTRY_MASK) not in (1, 2, 3, 4):
                raise VMError("External")
            if data is None:
                return self.setr(10, 1)
            size = self.ld64(r[11])
            off = min(r[12], len(data))
            full = len(data) - off
            real = min(size, full)
            self.mem.store(r[11], struct.pack("<Q", full))
            self.mem.store(r[10], data[off:off + real])
            self.cycles += ceil4(real)
            s.charged["data"] += ceil4(real)
            return self.setr(10, 0)
        if n == 2104:   # load_block_extension: nothing there
            src = r[14]
            entry = src & ENTRY_MASK
            if entry not in (1, 2, 3, 4):
                raise VMError("External", f"SourceEntry parse_from_u64 {entry}")
            grp = (src & 0xFF00000000000000) == GROUP
            if not grp and entry == 3 and s.piece(("celldep", r[13])) is not None:
                return self.setr(10, 2)
            return self.setr(10, 1)
        if n == 2043:   # ExecV2
            pid = piece_id(r[11], r[10], r[12])
            if pid is None:
                return self.setr(10, 1)
            b = r[13]
            return self.yield_(d, ("exec", pid, b >> 32, b & 0xFFFFFFFF, r[14], r[15]))
        if n == 2601:   # spawn
            src = r[11]
            entry = src & ENTRY_MASK
            if entry not in (1, 2, 3, 4):
                raise VMError("External", f"SourceEntry parse_from_u64 {entry}")
            src = entry | GROUP if (src & 0xFF00000000000000) == GROUP else entry
            pid = piece_id(src, r[10], r[12])
            if pid is None:
                return self.setr(10, 1)
            b = r[13]
            off, length = b >> 32, b & 0xFFFFFFFF
            a = r[14]
            argc, argv = self.ld64(a), self.ld64(a + 8)
            pid_addr, fds_addr = self.ld64(a + 16), self.ld64(a + 24)
            fds = []
            if fds_addr:
                while True:
                    fd = self.ld64(fds_addr)
                    if fd == 0:
                        break
                    fds.append(fd)
                    fds_addr += 8
            data = s.piece(pid)
            if data is None:
                return self.setr(10, 1)
            if off >= len(data):
                return self.setr(10, 3)
            if length > 0 and off + length > len(data):
                return self.setr(10, 3)
            self.cycles += SPAWN_EXTRA + YIELD
            s.charged["spawn"] += SPAWN_EXTRA
            s.charged["yield"] += YIELD
            return self.yield_(d, ("spawn", pid, off, length, argc, argv, fds, pid_addr))
        if n == 2602:
            self.cycles += YIELD
            return self.yield_(d, ("wait", r[10], r[11]))
        if n == 2603:
            return self.setr(10, self.vm_id)
        if n == 2604:
            self.cycles += YIELD
            return self.yield_(d, ("pipe", r[10]))
        if n in (2605, 2606):
            fd, buf, la = r[10], r[11], r[12]
            length = self.ld64(la)
            if (n == 2605 and fd % 2 == 0) or (n == 2606 and fd % 2 == 1):
                s.charged["yield"] -= YIELD
                return self.setr(10, 6)
            self.cycles += YIELD
            return self.yield_(d, ("write" if n == 2605 else "read", fd, length, buf, la))
        if n == 2607:
            self.cycles += YIELD
            return self.yield_(d, ("inherited", r[10], r[11]))
        if n == 2608:
            self.cycles += YIELD
            return self.yield_(d, ("close", r[10]))
        raise VMError("InvalidEcall", n)


def piece_id(source, index, place):
    if index > 0xFFFFFFFF:
        return None
    table = {(1, 0): "input", (2, 0): "output", (3, 0): "celldep", (GROUP | 1, 0): "ginput",
             (GROUP | 2, 0): "goutput", (1, 1): "witness", (2, 1): "witness",
             (GROUP | 1, 1): "gwitness_in", (GROUP | 2, 1): "gwitness_out"}
    k = table.get((source, place))
    return None if k is None else (k, index)


class Scheduler:
    def __init__(self, program, sources, args):
        self.program, self.sources, self.root_args = program, sources, args
        self.total = 0
        self.iteration = 0
        self.next_id, self.next_slot = 0, 2
        self.states, self.fds, self.inherited = {}, {}, {}
        self.inst, self.susp, self.terminated = {}, {}, {}
        self.box = []
        self.events = {"suspend": 0, "resume": 0}
        # charges by kind, as charged (a charge made to a VM that never runs again is
        # listed here but never reaches the total)
        self.charged = {"ecall": 0, "yield": 0, "spawn": 0, "exec": 0, "load": 0, "transfer": 0, "data": 0}

    def piece(self, pid):
        kind, i = pid
        if kind == "celldep" and i < len(self.sources):
            return self.sources[i]
        return None    # every other source is empty

    # -- instantiation
    def suspend(self, i):
        self.iteration += SPAWN_EXTRA
        self.events["suspend"] += 1
        self.susp[i] = self.inst.pop(i)

    def resume(self, i):
        self.iteration += SPAWN_EXTRA
        self.events["resume"] += 1
        m = self.susp.pop(i)
        m.traces = {}          # a resumed machine starts with an empty trace cache
        self.inst[i] = m

    def ensure(self, ids):
        assert len(ids) <= MAX_INSTANTIATED
        todo = [i for i in ids if i not in self.inst]
        while todo and len(self.inst) < MAX_INSTANTIATED:
            self.resume(todo.pop())
        if todo:
            victims = [i for i in sorted(self.inst) if i not in ids]
            for k in range(len(todo)):
                self.suspend(victims[k])
                self.resume(todo[k])

    def get(self, i):
        self.ensure([i])
        return self.inst[i]

    def boot(self, pid, off, length, args):
        i = self.next_id
        self.next_id += 1
        data = self.piece(pid) if pid != "program" else self.program
        if data is None:
            raise VMError("SnapshotDataLoadError")
        off = min(off, len(data))
        full = len(data) - off
        data = data[off:off + (min(full, length) if length else full)]
        m = VM(self, i)
        n = m.load_elf(bytes(data))
        n += m.init_stack(args)
        m.cycles += ceil4(n)
        self.charged["load"] += ceil4(n)
        while len(self.inst) >= MAX_INSTANTIATED:
            self.suspend(min(self.inst))
        self.inst[i] = m
        self.states[i] = "run"
        return i

    def read_args(self, vm_id, argc, argv):
        m = self.get(vm_id)
        out = []
        for k in range(argc):
            out.append(m.cstr(m.ld64(argv + 8 * k)).decode("ascii"))
        return out

    # -- messages
    def process_box(self):
        msgs, self.box = self.box, []
        for vm_id, msg in msgs:
            kind = msg[0]
            if kind == "exec":
                _, pid, off, length, argc, argv = msg
                old = self.inst[vm_id]
                old.cycles += EXEC_BASE
                self.charged["exec"] += EXEC_BASE
                old_cycles = old.cycles
                data = self.piece(pid)
                if data is None:
                    raise VMError("SnapshotDataLoadError")
                o = min(off, len(data))
                full = len(data) - o
                data = data[o:o + (min(full, length) if length else full)]
                args = self.read_args(vm_id, argc, argv)
                m = VM(self, vm_id)
                m.cycles = old_cycles
                n = m.load_elf(bytes(data))
                n += m.init_stack(args)
                m.cycles += ceil4(n)
                self.charged["load"] += ceil4(n)
                self.inst[vm_id] = m
            elif kind == "spawn":
                _, pid, off, length, argc, argv, fds, pid_addr = msg
                if any(self.fds.get(f) != vm_id for f in fds):
                    self.get(vm_id).setr(10, 6)
                    continue
                if len(self.susp) + len(self.inst) > MAX_VMS_COUNT:
                    self.get(vm_id).setr(10, 8)
                    continue
                args = self.read_args(vm_id, argc, argv)
                new = self.boot(pid, off, length, args)
                for f in fds:
                    self.fds[f] = new
                self.inherited[new] = list(fds)
                m = self.get(vm_id)
                m.mem.store(pid_addr, struct.pack("<Q", new))
                m.setr(10, 0)
            elif kind == "wait":
                _, target, code_addr = msg
                if target in self.terminated:
                    m = self.get(vm_id)
                    m.mem.store(code_addr, struct.pack("<b", self.terminated.pop(target)))
                    m.setr(10, 0)
                    self.states[vm_id] = "run"
                    continue
                if target not in self.states:
                    self.get(vm_id).setr(10, 5)
                    continue
                self.states[vm_id] = ("wait", target, code_addr)
            elif kind == "pipe":
                if len(self.fds) >= MAX_FDS:
                    self.get(vm_id).setr(10, 9)
                    continue
                p1, p2 = self.next_slot, self.next_slot + 1
                self.next_slot += 2
                self.fds[p1] = self.fds[p2] = vm_id
                m = self.get(vm_id)
                m.mem.store(msg[1], struct.pack("<QQ", p1, p2))
                m.setr(10, 0)
            elif kind in ("read", "write"):
                _, fd, length, buf, la = msg
                if self.fds.get(fd) != vm_id:
                    self.get(vm_id).setr(10, 6)
                    continue
                if (fd ^ 1) not in self.fds:
                    self.get(vm_id).setr(10, 7)
                    continue
                if kind == "read":
                    self.states[vm_id] = ("read", fd, length, buf, la)
                else:
                    self.states[vm_id] = ("write", fd, 0, length, buf, la)
            elif kind == "inherited":
                _, buf, la = msg
                lst = [] if vm_id == 0 else self.inherited[vm_id]
                m = self.get(vm_id)
                full = m.ld64(la)
                for k in range(min(full, len(lst))):
                    m.mem.store(buf + 8 * k, struct.pack("<Q", lst[k]))
                m.mem.store(la, struct.pack("<Q", len(lst)))
                m.setr(10, 0)
            elif kind == "close":
                fd = msg[1]
                if self.fds.get(fd) != vm_id:
                    self.get(vm_id).setr(10, 6)
                else:
                    del self.fds[fd]
                    self.get(vm_id).setr(10, 0)

    def process_io(self):
        reads, closed = {}, []
        for i in sorted(self.states):
            st = self.states[i]
            if isinstance(st, tuple) and st[0] == "read":
                if (st[1] ^ 1) in self.fds:
                    reads[st[1]] = (i, st)
                else:
                    closed.append(i)
        pairs = []
        for i in sorted(self.states):
            st = self.states[i]
            if isinstance(st, tuple) and st[0] == "write":
                if (st[1] ^ 1) in self.fds:
                    if (st[1] ^ 1) in reads:
                        ri, rs = reads[st[1] ^ 1]
                        pairs.append((ri, rs, i, st))
                else:
                    closed.append(i)
        for i in closed:
            st = self.states[i]
            m = self.get(i)
            if st[0] == "read":
                m.mem.store(st[4], struct.pack("<Q", 0))
            else:
                m.mem.store(st[5], struct.pack("<Q", st[2]))
            m.setr(10, 0)
            self.states[i] = "run"
        for ri, rs, wi, ws in pairs:
            _, _, rlen, rbuf, rla = rs
            _, wfd, consumed, wlen, wbuf, wla = ws
            self.ensure([ri, wi])
            n = min(rlen, wlen - consumed)
            w, rd = self.inst[wi], self.inst[ri]
            w.cycles += ceil4(n)
            data = bytes(w.mem.data[wbuf + consumed:wbuf + consumed + n])
            rd.cycles += ceil4(n)
            self.charged["transfer"] += 2 * ceil4(n)
            rd.mem.store(rbuf, data)
            rd.mem.store(rla, struct.pack("<Q", n))
            rd.setr(10, 0)
            self.states[ri] = "run"
            consumed += n
            if consumed == wlen:
                w.mem.store(wla, struct.pack("<Q", wlen))
                w.setr(10, 0)
                self.states[wi] = "run"
            else:
                self.states[wi] = ("write", wfd, consumed, wlen, wbuf, wla)

    # -- run
    def run(self):
        self.boot("program", 0, 0, self.root_args)
        while self.states[0] != "done":
            assert self.iteration == 0
            err = None
            try:
                self.iterate()
            except VMError as e:
                err = e
            self.total += self.iteration
            self.iteration = 0
            if err:
                raise err
        return self.inst[0].exit_code, self.total

    def iterate(self):
        self.process_io()
        runnable = [i for i in sorted(self.states, reverse=True) if self.states[i] == "run"]
        if not runnable:
            raise VMError("Unexpected", "A deadlock situation has been reached!")
        i = runnable[0]
        m = self.get(i)
        try:
            m.run()
            result = m.exit_code
        except Yield:
            result = None
        finally:
            self.iteration += m.cycles
            m.cycles = 0
        self.process_box()
        if result is None:
            return
        self.terminated[i] = result
        if i == 0:
            self.inst = {0: self.inst[0]}
            self.susp.clear()
            self.states = {0: "done"}
            return
        for j in sorted(self.states):
            st = self.states[j]
            if isinstance(st, tuple) and st[0] == "wait" and st[1] == i:
                w = self.get(j)
                w.mem.store(st[2], struct.pack("<b", result))
                w.setr(10, 0)
                self.states[j] = "run"
        self.fds = {f: o for f, o in self.fds.items() if o != i}
        del self.states[i]
        self.inst.pop(i, None)
        self.susp.pop(i, None)


def run_one(elf, sources, args):
    tv = os.path.dirname(os.path.dirname(HERE))
    prog = open(os.path.join(tv, elf), "rb").read()
    srcs = [open(os.path.join(tv, s), "rb").read() for s in sources]
    s = Scheduler(prog, srcs, args)
    try:
        code, cycles = s.run()
        return ("exited", code, cycles, dict(s.events, **s.charged))
    except VMError as e:
        return ("error", e.name, s.total, dict(s.events, **s.charged))


# (elf, sources, args, expected status, expected exit code or error)
SELF = None
RUNS = [
    ("spawn_simple", [SELF], [], "exited", 0),
    ("spawn_pipe_rw", [SELF], [], "exited", 0),
    ("spawn_inherited_fds", [SELF], [], "exited", 0),
    ("spawn_process_id", [SELF], [], "exited", 0),
    ("spawn_close", [SELF], [], "exited", 0),
    ("spawn_invalid_fd", [SELF], [], "exited", 0),
    ("spawn_write_deadlock", [SELF], [], "error", "Unexpected"),
    ("spawn_wait_deadlock", [SELF], [], "error", "Unexpected"),
    ("spawn_wait_self", [SELF], [], "error", "Unexpected"),
    ("spawn_wait_errors", [SELF], [], "exited", 0),
    ("spawn_wait_twice", [SELF], [], "exited", 0),
    ("spawn_max_vms", [SELF], [], "exited", 0),
    ("spawn_max_fds", [SELF], [], "exited", 0),
    ("spawn_recursive", [SELF], [], "exited", 0),
    ("spawn_recursive_limit", [SELF], [], "exited", 8),
    ("spawn_many", [SELF], [], "exited", 0),
    ("spawn_exec", [SELF], [], "exited", 0),
    ("spawn_exec_errors", [SELF, "elf/blob_data.bin"], [], "exited", 0),
    ("spawn_exec_errors", [SELF, "elf/blob_data.bin"], ["1"], "error", "ElfParseError"),
    ("spawn_exec_errors", [SELF, "elf/blob_data.bin"], ["2"], "error", "SnapshotDataLoadError"),
    ("spawn_exec_errors", [SELF, "elf/blob_data.bin"], ["3"], "error", "ElfParseError"),
    ("spawn_errors", [SELF, "elf/blob_data.bin"], [], "exited", 0),
    ("spawn_errors", [SELF, "elf/blob_data.bin"], ["1"], "error", "External"),
    ("spawn_errors", [SELF, "elf/blob_data.bin"], ["2"], "error", "ElfParseError"),
    ("spawn_errors", [SELF, "elf/blob_data.bin"], ["3"], "error", "InvalidInstruction"),
    ("spawn_errors", [SELF, "elf/blob_data.bin"], ["4"], "error", "MemOutOfBound"),
    ("spawn_block_extension", [SELF], [], "exited", 0),
    ("spawn_block_extension", [SELF], ["1"], "error", "External"),
    ("spawn_block_extension", [SELF], ["2"], "error", "External"),
    ("spawn_io", [SELF], ["0128"], "exited", 0),
    ("spawn_io", [SELF], ["1152"], "exited", 0),
    ("spawn_cycles", [SELF], [], "exited", 0),
]


def table_json():
    """The EXPECTED.md runs with the model's outcome, cycle total and charges, one object per run."""
    import json
    out = []
    for name, srcs, args, st, val in RUNS:
        elf = "elf/" + name
        srcs = [elf if x is SELF else x for x in srcs]
        got = run_one(elf, srcs, args)
        if got[0] != st or got[1] != val:
            raise SystemExit(f"{name} {args}: the model gives {got[0]} {got[1]}, EXPECTED.md {st} {val}")
        entry = {"program": name, "args": args, "sources": srcs, "status": got[0]}
        if got[0] == "exited":
            entry["exit_code"] = got[1]
        else:
            entry["error"] = got[1]
        entry["cycles"] = got[2]
        entry["suspends"] = got[3]["suspend"]
        entry["resumes"] = got[3]["resume"]
        out.append(entry)
    return json.dumps(out, indent=1) + "\n"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--json":
        sys.stdout.write(table_json())
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        bad = 0
        for name, srcs, args, st, val in RUNS:
            elf = "elf/" + name
            srcs = [elf if x is SELF else x for x in srcs]
            got = run_one(elf, srcs, args)
            ok = got[0] == st and got[1] == val
            bad += not ok
            ev = " ".join(f"{k}={v}" for k, v in got[3].items())
            print(f"{'ok ' if ok else 'BAD'} {name} {' '.join(args)} {got[0]} {got[1]} cycles={got[2]} {ev}")
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
