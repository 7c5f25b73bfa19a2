#!/usr/bin/env python3
"""A small Python model of CKB-VM, written from the facts of docs/CKB_VM.md, used to
cross-check expectations.json (it is not a reference implementation; CI runs
it from .ci/run, so it cannot drift from the expectations).  It models: ELF parsing/loading
and stack set-up per version, W^X memory with page flags, RV64IMC+A+B
decoding (versioned JALR/loads, RVC hints), macro-op fusion (rules from
ucount.py), the asm machine's trace cache (16 items, 8192 slots, low-32-bit
address compare before V2), the ckb and unit cost models, and the syscalls
exit/debug/vm_version/current_cycles.

usage: refmodel.py [NAME_SUBSTRING]   replays expectations.json, reports mismatches,
       exits 1 if there is any"""
import json
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ucount  # noqa: E402

MEM = 4 << 20
M64 = (1 << 64) - 1
F_FREEZED, F_EXEC, F_DIRTY = 1, 2, 4


class VMError(Exception):
    def __init__(self, name, detail=""):
        super().__init__(name)
        self.name, self.detail = name, detail


def sx(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def s64(v):
    return sx(v, 64)


def u(v):
    return v & M64


def sx32(v):
    return u(sx(v, 32))


# ---------------------------------------------------------------- memory
class Memory:
    def __init__(self):
        self.data = bytearray(MEM)
        self.flags = bytearray(MEM >> 12)

    def _pages(self, addr, size):
        if size == 0:
            return range(0)
        if addr + size > MEM:
            raise VMError("MemOutOfBound")
        return range(addr >> 12, ((addr + size - 1) >> 12) + 1)

    def init_pages(self, addr, size, flags, src, off):
        if addr & 0xFFF or size & 0xFFF:
            raise VMError("MemPageUnalignedAccess")
        if addr + size > MEM or off > size:
            raise VMError("MemOutOfBound")
        pages = self._pages(addr, size)
        for p in pages:
            if self.flags[p] & F_FREEZED:
                raise VMError("MemWriteOnFreezedPage")
        for p in pages:
            self.flags[p] |= flags | F_DIRTY
        chunk = bytes(off) + src[:size - off]
        chunk += bytes(size - len(chunk))
        self.data[addr:addr + size] = chunk

    def store(self, addr, data):
        if addr > M64 - len(data):
            raise VMError("MemOutOfBound")
        for p in self._pages(addr, len(data)):
            if self.flags[p] & F_EXEC:
                raise VMError("MemWriteOnExecutablePage")
        for p in self._pages(addr, len(data)):
            self.flags[p] |= F_DIRTY
        self.data[addr:addr + len(data)] = data

    def load(self, addr, size, version):
        end = addr + size
        if end > M64 or (end >= MEM if version == 0 else end > MEM):
            raise VMError("MemOutOfBound")
        return int.from_bytes(self.data[addr:end], "little")

    def fetch16(self, pc):
        if pc >= MEM or pc + 2 > MEM:
            raise VMError("MemOutOfBound")
        if not self.flags[pc >> 12] & F_EXEC:
            raise VMError("MemWriteOnExecutablePage")
        return int.from_bytes(self.data[pc:pc + 2], "little")


# ---------------------------------------------------------------- decoder
def bits(x, hi, lo):
    return (x >> lo) & ((1 << (hi - lo + 1)) - 1)


def I(op, rd=None, rs1=None, rs2=None, imm=None):
    return dict(op=op, rd=rd, rs1=rs1, rs2=rs2, imm=imm)


NOP = I("addi", 0, 0, None, 0)


def decode16(c, version):
    q, f3 = c & 3, bits(c, 15, 13)
    hint = (lambda: NOP if version >= 1 else None)
    r3 = lambda lo: bits(c, lo + 2, lo) + 8  # noqa: E731
    if q == 0:
        if f3 == 0:
            imm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 3)
            return I("addi", r3(2), 2, None, imm) if imm else None
        if f3 == 2:
            return I("lw", r3(2), r3(7), None, (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6))
        if f3 == 3:
            return I("ld", r3(2), r3(7), None, (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6))
        if f3 == 6:
            return I("sw", None, r3(7), r3(2), (bits(c, 12, 10) << 3) | (bits(c, 6, 6) << 2) | (bits(c, 5, 5) << 6))
        if f3 == 7:
            return I("sd", None, r3(7), r3(2), (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6))
        return None
    rd = bits(c, 11, 7)
    imm6 = sx((bits(c, 12, 12) << 5) | bits(c, 6, 2), 6)
    if q == 1:
        if f3 == 0:
            if rd == 0:
                return NOP if imm6 == 0 else hint()
            return I("addi", rd, rd, None, imm6) if imm6 else hint()
        if f3 == 1:
            return I("addiw", rd, rd, None, imm6) if rd else None
        if f3 == 2:
            return I("addi", rd, 0, None, imm6) if rd else hint()
        if f3 == 3:
            if rd == 2:
                imm = sx((bits(c, 12, 12) << 9) | (bits(c, 6, 6) << 4) | (bits(c, 5, 5) << 6) | (bits(c, 4, 3) << 7) | (bits(c, 2, 2) << 5), 10)
                return I("addi", 2, 2, None, imm) if imm else None
            if imm6 == 0:
                return None
            return I("lui", rd, None, None, imm6) if rd else hint()
        if f3 == 4:
            f2 = bits(c, 11, 10)
            r = r3(7)
            sh = (bits(c, 12, 12) << 5) | bits(c, 6, 2)
            if f2 == 0:
                return I("srli", r, r, None, sh)
            if f2 == 1:
                return I("srai", r, r, None, sh)
            if f2 == 2:
                return I("andi", r, r, None, imm6)
            o = bits(c, 6, 5)
            if bits(c, 12, 12) == 0:
                return I(["sub", "xor", "or", "and"][o], r, r, r3(2))
            return I(["subw", "addw"][o], r, r, r3(2)) if o < 2 else None
        if f3 == 5:
            imm = sx((bits(c, 12, 12) << 11) | (bits(c, 11, 11) << 4) | (bits(c, 10, 9) << 8) | (bits(c, 8, 8) << 10)
                     | (bits(c, 7, 7) << 6) | (bits(c, 6, 6) << 7) | (bits(c, 5, 3) << 1) | (bits(c, 2, 2) << 5), 12)
            return I("jal", 0, None, None, imm)
        imm = sx((bits(c, 12, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1) | (bits(c, 2, 2) << 5), 9)
        return I("beq" if f3 == 6 else "bne", None, r3(7), 0, imm)
    # q == 2
    rs2 = bits(c, 6, 2)
    if f3 == 0:
        sh = (bits(c, 12, 12) << 5) | rs2
        return I("slli", rd, rd, None, sh) if rd and sh else hint()
    if f3 == 2:
        return I("lw", rd, 2, None, (bits(c, 12, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6)) if rd else None
    if f3 == 3:
        return I("ld", rd, 2, None, (bits(c, 12, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6)) if rd else None
    if f3 == 4:
        if bits(c, 12, 12) == 0:
            if rs2 == 0:
                return I("jalr", 0, rd, None, 0) if rd else None
            return I("add", rd, 0, rs2) if rd else hint()
        if rs2 == 0:
            return I("ebreak") if rd == 0 else I("jalr", 1, rd, None, 0)
        return I("add", rd, rd, rs2) if rd else hint()
    if f3 == 6:
        return I("sw", None, 2, rs2, (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6))
    if f3 == 7:
        return I("sd", None, 2, rs2, (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6))
    return None


def decode32(x, isa):
    opc, rd, f3, rs1, rs2, f7 = x & 0x7F, bits(x, 11, 7), bits(x, 14, 12), bits(x, 19, 15), bits(x, 24, 20), bits(x, 31, 25)
    immi = sx(x >> 20, 12)
    b = "b" in isa
    if opc == 0x37:
        return I("lui", rd, None, None, sx(x >> 12, 20))
    if opc == 0x17:
        return I("auipc", rd, None, None, sx(x >> 12, 20))
    if opc == 0x6F:
        imm = sx((bits(x, 31, 31) << 20) | (bits(x, 19, 12) << 12) | (bits(x, 20, 20) << 11) | (bits(x, 30, 21) << 1), 21)
        return I("jal", rd, None, None, imm)
    if opc == 0x67 and f3 == 0:
        return I("jalr", rd, rs1, None, immi)
    if opc == 0x63:
        imm = sx((bits(x, 31, 31) << 12) | (bits(x, 7, 7) << 11) | (bits(x, 30, 25) << 5) | (bits(x, 11, 8) << 1), 13)
        names = {0: "beq", 1: "bne", 4: "blt", 5: "bge", 6: "bltu", 7: "bgeu"}
        return I(names[f3], None, rs1, rs2, imm) if f3 in names else None
    if opc == 0x03:
        names = {0: "lb", 1: "lh", 2: "lw", 3: "ld", 4: "lbu", 5: "lhu", 6: "lwu"}
        return I(names[f3], rd, rs1, None, immi) if f3 in names else None
    if opc == 0x23:
        imm = sx((bits(x, 31, 25) << 5) | bits(x, 11, 7), 12)
        names = {0: "sb", 1: "sh", 2: "sw", 3: "sd"}
        return I(names[f3], None, rs1, rs2, imm) if f3 in names else None
    if opc == 0x13:
        sh, f6 = bits(x, 25, 20), bits(x, 31, 26)
        if f3 == 0: return I("addi", rd, rs1, None, immi)
        if f3 == 2: return I("slti", rd, rs1, None, immi)
        if f3 == 3: return I("sltiu", rd, rs1, None, immi)
        if f3 == 4: return I("xori", rd, rs1, None, immi)
        if f3 == 6: return I("ori", rd, rs1, None, immi)
        if f3 == 7: return I("andi", rd, rs1, None, immi)
        if f3 == 1:
            if f6 == 0: return I("slli", rd, rs1, None, sh)
            if b:
                i12 = bits(x, 31, 20)
                n = {0x600: "clz", 0x601: "ctz", 0x602: "cpop", 0x604: "sext.b", 0x605: "sext.h"}.get(i12)
                if n: return I(n, rd, rs1)
                if f6 == 0b010010: return I("bclri", rd, rs1, None, sh)
                if f6 == 0b011010: return I("binvi", rd, rs1, None, sh)
                if f6 == 0b001010: return I("bseti", rd, rs1, None, sh)
            return None
        if f3 == 5:
            if f6 == 0: return I("srli", rd, rs1, None, sh)
            if f6 == 0b010000: return I("srai", rd, rs1, None, sh)
            if b:
                i12 = bits(x, 31, 20)
                if i12 == 0x287: return I("orc.b", rd, rs1)
                if i12 == 0x6B8: return I("rev8", rd, rs1)
                if f6 == 0b011000: return I("rori", rd, rs1, None, sh)
                if f6 == 0b010010: return I("bexti", rd, rs1, None, sh)
            return None
    if opc == 0x1B:
        if f3 == 0: return I("addiw", rd, rs1, None, immi)
        if f3 == 1 and f7 == 0: return I("slliw", rd, rs1, None, rs2)
        if f3 == 5 and f7 == 0: return I("srliw", rd, rs1, None, rs2)
        if f3 == 5 and f7 == 0b0100000: return I("sraiw", rd, rs1, None, rs2)
        if b:
            if f3 == 1 and bits(x, 31, 26) == 0b000010: return I("slli.uw", rd, rs1, None, bits(x, 25, 20))
            if f3 == 1 and f7 == 0b0110000:
                n = {0: "clzw", 1: "ctzw", 2: "cpopw"}.get(rs2)
                return I(n, rd, rs1) if n else None
            if f3 == 5 and f7 == 0b0110000: return I("roriw", rd, rs1, None, rs2)
        return None
    if opc == 0x33:
        t = {(0, 0): "add", (0x20, 0): "sub", (0, 1): "sll", (0, 2): "slt", (0, 3): "sltu", (0, 4): "xor",
             (0, 5): "srl", (0x20, 5): "sra", (0, 6): "or", (0, 7): "and",
             (1, 0): "mul", (1, 1): "mulh", (1, 2): "mulhsu", (1, 3): "mulhu", (1, 4): "div", (1, 5): "divu",
             (1, 6): "rem", (1, 7): "remu"}
        if b:
            t.update({(0x10, 2): "sh1add", (0x10, 4): "sh2add", (0x10, 6): "sh3add", (0x20, 7): "andn",
                      (0x20, 6): "orn", (0x20, 4): "xnor", (0x05, 6): "max", (0x05, 7): "maxu", (0x05, 4): "min",
                      (0x05, 5): "minu", (0x05, 1): "clmul", (0x05, 2): "clmulr", (0x05, 3): "clmulh",
                      (0x30, 1): "rol", (0x30, 5): "ror", (0x24, 1): "bclr", (0x24, 5): "bext", (0x34, 1): "binv",
                      (0x14, 1): "bset"})
        n = t.get((f7, f3))
        return I(n, rd, rs1, rs2) if n else None
    if opc == 0x3B:
        t = {(0, 0): "addw", (0x20, 0): "subw", (0, 1): "sllw", (0, 5): "srlw", (0x20, 5): "sraw",
             (1, 0): "mulw", (1, 4): "divw", (1, 5): "divuw", (1, 6): "remw", (1, 7): "remuw"}
        if b:
            t.update({(0x04, 0): "add.uw", (0x10, 2): "sh1add.uw", (0x10, 4): "sh2add.uw", (0x10, 6): "sh3add.uw",
                      (0x30, 1): "rolw", (0x30, 5): "rorw"})
            if f7 == 0x04 and f3 == 4 and rs2 == 0:
                return I("zext.h", rd, rs1)
        n = t.get((f7, f3))
        return I(n, rd, rs1, rs2) if n else None
    if opc == 0x0F and f3 in (0, 1):
        return I("fence")
    if opc == 0x73:
        if x == 0x73: return I("ecall")
        if x == 0x100073: return I("ebreak")
        return None
    if opc == 0x2F and "a" in isa and f3 in (2, 3):
        f5 = bits(x, 31, 27)
        n = {2: "lr", 3: "sc", 1: "amoswap", 0: "amoadd", 4: "amoxor", 12: "amoand", 8: "amoor", 16: "amomin",
             20: "amomax", 24: "amominu", 28: "amomaxu"}.get(f5)
        if n is None or (n == "lr" and rs2 != 0):
            return None
        return I(n + (".w" if f3 == 2 else ".d"), rd, rs1, rs2)
    return None


BLOCK_END = {"auipc", "beq", "bne", "blt", "bge", "bltu", "bgeu", "ebreak", "ecall", "fence", "jal", "jalr",
             "FAR_JUMP_REL", "FAR_JUMP_ABS"}


# ---------------------------------------------------------------- machine
class Machine:
    def __init__(self, version, isa, cost_model, max_cycles):
        self.version, self.isa, self.cost_model = version, isa, cost_model
        self.max = M64 if max_cycles is None else max_cycles
        self.mem = Memory()
        self.reg = [0] * 32
        self.pc = 0
        self.cycles = 0
        self.lr = M64
        self.traces = {}
        self.exit_code = None
        self.debug_out = []

    # -- ELF
    def load_elf(self, data):
        if len(data) < 16 or data[:4] != b"\x7fELF":
            raise VMError("ElfParseError")
        cls = data[4]
        if cls not in (1, 2):
            raise VMError("ElfParseError")
        if cls == 1:
            if len(data) < 52:
                raise VMError("ElfParseError")
            raise VMError("ElfBits")
        if len(data) < 64:
            raise VMError("ElfParseError")
        entry, phoff = struct.unpack_from("<QQ", data, 24)
        phnum, = struct.unpack_from("<H", data, 56)
        if phnum > len(data) // 56 or phoff + 56 * phnum > len(data):
            raise VMError("ElfParseError")
        actions, total = [], 0
        for i in range(phnum):
            p_type, p_flags, off, vaddr, _, filesz, memsz, _ = struct.unpack_from("<IIQQQQQQ", data, phoff + 56 * i)
            if p_type != 1:
                continue
            start = vaddr & ~0xFFF
            pad = vaddr - start
            size = ((memsz + pad + 0xFFF) & ~0xFFF) & M64
            end = off + filesz
            if off > end or end > len(data):
                raise VMError("ElfSegmentAddrOrSizeError")
            r, w, x = p_flags & 4, p_flags & 2, p_flags & 1
            if not r:
                raise VMError("ElfSegmentUnreadable")
            if w and x:
                raise VMError("ElfSegmentWritableAndExecutable")
            flags = F_EXEC | F_FREEZED if x else (F_FREEZED if (not w or self.version == 0) else 0)
            actions.append((start, size, flags, data[off:end], pad))
            total += filesz
        for start, size, flags, src, pad in actions:
            self.mem.init_pages(start, size, flags, src, pad)
            if self.version == 0 and pad:
                self.mem.store(start, bytes(pad))
        self.pc = entry
        return total

    def init_stack(self, args):
        top, start = MEM, MEM - MEM // 4
        if self.version >= 1 and not args:
            self.reg[2] = (top - 8) & ~15
            return 16
        sp = top
        values = [len(args)]
        for a in args:
            b = a.encode()
            sp -= len(b) + 1
            self.mem.store(sp, b + b"\0")
            values.append(sp)
        if self.version >= 1:
            values.append(0)
            sp -= (sp - 8 * len(values)) % 16
        for v in reversed(values):
            sp -= 8
            if self.version >= 1:
                self.mem.store(sp, struct.pack("<Q", v))
            else:
                self.mem.store(sp, struct.pack("<I", v & 0xFFFFFFFF))
        if sp < start:
            raise VMError("MemOutOfStack")
        self.reg[2] = sp
        return top - sp

    # -- decoding
    def decode_at(self, pc):
        lo = self.mem.fetch16(pc)
        if lo & 3 == 3:
            hi = self.mem.fetch16(pc + 2)
            x = lo | (hi << 16)
            d = decode32(x, self.isa)
            size = 4
        else:
            x = lo
            d = decode16(lo, self.version)
            size = 2
        if d is None:
            raise VMError("InvalidInstruction", hex(x))
        d = dict(d, pc=pc, size=size)
        return d

    def decode_item(self, pc):
        head = self.decode_at(pc)
        if "mop" not in self.isa or head["op"] not in ("add", "sub", "mulh", "mulhu", "mulhsu", "div", "divu", "lui", "auipc"):
            return [head], None
        seq = [head]
        p = pc + head["size"]
        for _ in range(4):
            try:
                n = self.decode_at(p)
            except VMError:
                break
            seq.append(n)
            p += n["size"]
        f = ucount.fuse(seq, 0, self.version)
        if not f:
            return [head], None
        return seq[:f[1]], f[0]

    def cost(self, parts, fused):
        if self.cost_model == "unit":
            return 1
        if fused:
            return ucount.FUSED_COST[fused]
        op = parts[0]["op"]
        if op.endswith(".w") and op[:2] in ("lr", "sc", "am"):
            return 4
        if op.endswith(".d") and op[:2] in ("lr", "sc", "am"):
            return 3
        return ucount.CKB_COST.get(op, 1)

    # -- run loop (asm machine: traces charged up front)
    def run(self):
        while self.exit_code is None:
            pc = self.pc
            slot = (pc >> 2) & 8191
            t = self.traces.get(slot)
            hit = t is not None and ((t[0] == pc) if self.version >= 2 else ((t[0] ^ pc) & 0xFFFFFFFF) == 0)
            if not hit:
                items, p = [], pc
                while len(items) < 16:
                    parts, fused = self.decode_item(p)
                    items.append((parts, fused))
                    p += sum(x["size"] for x in parts)
                    name = fused or parts[0]["op"]
                    if name in BLOCK_END:
                        break
                t = (pc, items, p - pc)
                self.traces[slot] = t
            items = t[1]
            # the asm machine keeps the trace's byte length in a u8 (docs/CKB_VM.md §3.4): pc moves by
            # it, and the last item's own address is that pc minus the item's length
            length = t[2] & 0xFF
            if length == 0:
                raise VMError("ZeroLengthTrace")   # the asm machine would re-form it forever
            total = sum(self.cost(parts, fused) for parts, fused in items)
            if self.cycles + total > self.max:
                raise VMError("CyclesExceeded")
            self.cycles += total
            try:
                for k, (parts, fused) in enumerate(items):
                    if k == len(items) - 1:
                        self.pc -= t[2] - length
                    self.exec_item(parts, fused)
                    if self.exit_code is not None or self.jumped:
                        break
            except VMError:
                # the asm machine moved pc past the trace when it entered it (execute_x64.S,
                # addq %rdx, PC_ADDRESS); a failing item or syscall does not move it back
                self.pc = u(pc + length)
                raise

    def exec_item(self, parts, fused):
        self.jumped = False
        length = sum(x["size"] for x in parts)
        if fused in ("FAR_JUMP_REL", "FAR_JUMP_ABS"):
            h, j = parts
            s = (h["imm"] << 12) + j["imm"]
            s = sx(s, 32)   # wrapping i32 (V2 only fuses REL when it does not overflow)
            link = u(self.pc + length)
            target = u(self.pc + s) if fused == "FAR_JUMP_REL" else u(s)
            self.setr(1, link)
            self.pc = target & ~1
            self.jumped = True
            return
        if fused == "CUSTOM_LOAD_IMM":
            h, j = parts
            if h["op"] == "lui":
                val = sx32((h["imm"] << 12) + j["imm"])
            else:
                val = u(self.pc + (h["imm"] << 12) + j["imm"])
            self.setr(h["rd"], val)
            self.pc = u(self.pc + length)
            return
        base = self.pc
        for k, ins in enumerate(parts):
            if fused == "SBB" and k == 1:
                ins = dict(ins, rs2=parts[0]["rd"])     # Z is treated as X
            self.pc = base + sum(x["size"] for x in parts[:k])
            nxt = self.exec_one(ins)
        if nxt is None:
            self.pc = u(base + length)
        else:
            self.pc = nxt

    def setr(self, r, v):
        if r:
            self.reg[r] = v & M64

    def exec_one(self, d):
        """Execute one instruction at self.pc; return new pc for jumps/taken branches, else None."""
        op, rd, pc = d["op"], d["rd"], self.pc
        R = self.reg
        a = R[d["rs1"]] if d["rs1"] is not None else 0
        b = R[d["rs2"]] if d["rs2"] is not None else 0
        imm = d["imm"]
        w = lambda v: self.setr(rd, v)  # noqa: E731
        ver = self.version
        if op == "lui": w(u(imm << 12))
        elif op == "auipc": w(u(pc + (imm << 12)))
        elif op == "jal":
            w(pc + d["size"])
            self.jumped = True
            return u(pc + imm)
        elif op == "jalr":
            if ver == 0:
                w(pc + d["size"])
                t = u(R[d["rs1"]] + imm) & ~1
            else:
                t = u(a + imm) & ~1
                w(pc + d["size"])
            self.jumped = True
            return t
        elif op in ("beq", "bne", "blt", "bge", "bltu", "bgeu"):
            c = {"beq": a == b, "bne": a != b, "blt": s64(a) < s64(b), "bge": s64(a) >= s64(b),
                 "bltu": a < b, "bgeu": a >= b}[op]
            self.jumped = True
            return u(pc + imm) if c else u(pc + d["size"])
        elif op in ("lb", "lh", "lw", "ld", "lbu", "lhu", "lwu"):
            n = {"b": 1, "h": 2, "w": 4, "d": 8}[op[1]]
            v = self.mem.load(u(a + imm), n, ver)
            w(v if op.endswith("u") or n == 8 else u(sx(v, 8 * n)))
        elif op in ("sb", "sh", "sw", "sd"):
            n = {"b": 1, "h": 2, "w": 4, "d": 8}[op[1]]
            self.mem.store(u(a + imm), (b & ((1 << (8 * n)) - 1)).to_bytes(n, "little"))
        elif op == "addi": w(a + imm)
        elif op == "slti": w(int(s64(a) < imm))
        elif op == "sltiu": w(int(a < u(imm)))
        elif op == "xori": w(a ^ u(imm))
        elif op == "ori": w(a | u(imm))
        elif op == "andi": w(a & u(imm))
        elif op == "slli": w(a << imm)
        elif op == "srli": w(a >> imm)
        elif op == "srai": w(u(s64(a) >> imm))
        elif op == "add": w(a + b)
        elif op == "sub": w(a - b)
        elif op == "sll": w(a << (b & 63))
        elif op == "slt": w(int(s64(a) < s64(b)))
        elif op == "sltu": w(int(a < b))
        elif op == "xor": w(a ^ b)
        elif op == "srl": w(a >> (b & 63))
        elif op == "sra": w(u(s64(a) >> (b & 63)))
        elif op == "or": w(a | b)
        elif op == "and": w(a & b)
        elif op == "addiw": w(sx32(a + imm))
        elif op == "slliw": w(sx32(a << imm))
        elif op == "srliw": w(sx32((a & 0xFFFFFFFF) >> imm))
        elif op == "sraiw": w(u(sx(a, 32) >> imm))
        elif op == "addw": w(sx32(a + b))
        elif op == "subw": w(sx32(a - b))
        elif op == "sllw": w(sx32(a << (b & 31)))
        elif op == "srlw": w(sx32((a & 0xFFFFFFFF) >> (b & 31)))
        elif op == "sraw": w(u(sx(a, 32) >> (b & 31)))
        elif op == "mul": w(a * b)
        elif op == "mulh": w((s64(a) * s64(b)) >> 64)
        elif op == "mulhu": w((a * b) >> 64)
        elif op == "mulhsu": w((s64(a) * b) >> 64)
        elif op == "mulw": w(sx32(a * b))
        elif op in ("div", "rem", "divw", "remw"):
            bitsn = 32 if op.endswith("w") else 64
            x, y = sx(a, bitsn), sx(b, bitsn)
            if y == 0:
                q, r = -1, x
            elif x == -(1 << (bitsn - 1)) and y == -1:
                q, r = x, 0
            else:
                q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
                r = x - q * y
            v = q if op.startswith("div") else r
            w(sx32(v) if bitsn == 32 else u(v))
        elif op in ("divu", "remu", "divuw", "remuw"):
            m = 0xFFFFFFFF if op.endswith("w") else M64
            x, y = a & m, b & m
            q, r = (m, x) if y == 0 else (x // y, x % y)
            v = q if op.startswith("div") else r
            w(sx32(v) if op.endswith("w") else v)
        elif op == "fence": pass
        elif op == "ebreak": pass
        elif op == "ecall":
            self.ecall(d)
        elif op[:2] in ("lr", "sc", "am"):
            self.amo(op, rd, a, b)
        else:
            self.exec_b(op, w, a, b, imm)
        return None

    def amo(self, op, rd, addr, b):
        n = 4 if op.endswith(".w") else 8
        base = op[:-2]
        if base == "lr":
            v = self.mem.load(addr, n, 1)
            self.setr(rd, sx32(v) if n == 4 else v)
            self.lr = addr
            return
        if base == "sc":
            ok = addr == self.lr
            if ok:
                self.mem.store(addr, (b & ((1 << (8 * n)) - 1)).to_bytes(n, "little"))
            else:
                old = self.mem.load(addr, n, 1)
                self.mem.store(addr, old.to_bytes(n, "little"))
            self.setr(rd, 0 if ok else 1)
            self.lr = M64
            return
        old = self.mem.load(addr, n, 1)
        m = (1 << (8 * n)) - 1
        so, sb = sx(old, 8 * n), sx(b, 8 * n)
        new = {"amoswap": b, "amoadd": old + b, "amoxor": old ^ b, "amoand": old & b, "amoor": old | b,
               "amomin": so if so < sb else sb, "amomax": so if so > sb else sb,
               "amominu": min(old, b & m), "amomaxu": max(old, b & m)}[base] & m
        self.mem.store(addr, new.to_bytes(n, "little"))
        self.setr(rd, sx32(old) if n == 4 else old)

    def exec_b(self, op, w, a, b, imm):
        import bref as B
        if op == "add.uw": w((a & 0xFFFFFFFF) + b)
        elif op in ("sh1add", "sh2add", "sh3add"): w((a << int(op[2])) + b)
        elif op in ("sh1add.uw", "sh2add.uw", "sh3add.uw"): w(((a & 0xFFFFFFFF) << int(op[2])) + b)
        elif op == "slli.uw": w((a & 0xFFFFFFFF) << imm)
        elif op == "andn": w(a & ~b)
        elif op == "orn": w(a | u(~b))
        elif op == "xnor": w(u(~(a ^ b)))
        elif op == "clz": w(B.clz(a))
        elif op == "ctz": w(B.ctz(a))
        elif op == "clzw": w(B.clzw(a))
        elif op == "ctzw": w(B.ctzw(a))
        elif op == "cpop": w(B.cpop(a))
        elif op == "cpopw": w(B.cpopw(a))
        elif op == "max": w(u(max(s64(a), s64(b))))
        elif op == "min": w(u(min(s64(a), s64(b))))
        elif op == "maxu": w(max(a, b))
        elif op == "minu": w(min(a, b))
        elif op == "sext.b": w(B.sextb(a))
        elif op == "sext.h": w(B.sexth(a))
        elif op == "zext.h": w(a & 0xFFFF)
        elif op == "rol": w(B.rol(a, b))
        elif op == "ror": w(B.ror(a, b))
        elif op == "rolw": w(B.rolw(a, b))
        elif op == "rorw": w(B.rorw(a, b))
        elif op == "rori": w(B.ror(a, imm))
        elif op == "roriw": w(B.rorw(a, imm))
        elif op == "orc.b": w(B.orcb(a))
        elif op == "rev8": w(B.rev8(a))
        elif op == "clmul": w(B.clmul(a, b))
        elif op == "clmulh": w(B.clmulh(a, b))
        elif op == "clmulr": w(B.clmulr(a, b))
        elif op == "bclr": w(a & ~(1 << (b & 63)))
        elif op == "bset": w(a | (1 << (b & 63)))
        elif op == "binv": w(a ^ (1 << (b & 63)))
        elif op == "bext": w((a >> (b & 63)) & 1)
        elif op == "bclri": w(a & ~(1 << imm))
        elif op == "bseti": w(a | (1 << imm))
        elif op == "binvi": w(a ^ (1 << imm))
        elif op == "bexti": w((a >> imm) & 1)
        else:
            raise AssertionError(op)

    def ecall(self, d):
        n = self.reg[17]
        if n == 93:
            self.exit_code = sx(self.reg[10], 8)
            return
        if n == 2177:
            addr, s = self.reg[10], bytearray()
            while True:
                c = self.mem.load(addr, 1, 1)
                if c == 0:
                    break
                s.append(c)
                addr += 1
            try:
                self.debug_out.append(bytes(s).decode("utf-8"))
            except UnicodeDecodeError:
                raise VMError("External")
            self.cycles += math.ceil(len(s) / 4) if self.cost_model == "ckb" else 0
        elif n == 2041 and self.version >= 1:
            self.setr(10, self.version)
        elif n == 2042 and self.version >= 1:
            self.setr(10, self.cycles)
        else:
            raise VMError("InvalidEcall", n)
        if self.cycles > self.max:
            raise VMError("CyclesExceeded")


def run_entry(e, tvdir):
    data = open(os.path.join(tvdir, e["elf"]), "rb").read()
    isa = e["isa"].split(",")
    m = Machine(e["version"], isa, e["cost_model"], e["max_cycles"])
    try:
        if e["version"] == 0 and "mop" in isa:
            raise VMError("InvalidVersion")
        n = m.load_elf(data)
        n += m.init_stack(e["args"])
        if e["cost_model"] == "ckb":
            m.cycles += math.ceil(n / 4)
        m.run()
        return {"status": "exited", "exit_code": m.exit_code, "cycles": m.cycles, "error": None, "pc": m.pc}
    except VMError as err:
        if err.name == "CyclesExceeded":
            return {"status": "cycles_exceeded", "exit_code": None, "cycles": m.cycles, "error": None, "pc": m.pc}
        return {"status": "error", "exit_code": None, "cycles": m.cycles, "error": err.name, "pc": m.pc}


# Programs whose expectations depend on what this model does not have: data sources and the
# load_cell_data syscalls (2091/2092). They are reported as skipped, never as passing.
NOT_MODELLED = {
    "elf/load_blob": "uses load_cell_data / load_cell_data_as_code (data sources are not modelled)",
}


def check_entry(e):
    """Returns None if the model agrees with the entry's expectation, else the mismatch line."""
    got = run_entry(e, os.path.dirname(HERE))
    x = e["expect"]
    ok = got["status"] == x["status"] and got["error"] == x["error"]
    if x["status"] == "exited":
        ok = ok and got["exit_code"] == x["exit_code"]
    if x["cycles"] is not None:
        ok = ok and got["cycles"] == x["cycles"]
    if "pc" in x:
        ok = ok and hex(got["pc"]) == x["pc"]
    return None if ok else f"MISMATCH {e['name']} expected {x} model {got}"


def main():
    flt = sys.argv[1] if len(sys.argv) > 1 else ""
    ents = json.load(open(os.path.join(HERE, "expectations.json")))
    todo = [e for e in ents if flt in e["name"] and e["elf"] not in NOT_MODELLED]
    skipped = [(e["name"], e["elf"]) for e in ents if flt in e["name"] and e["elf"] in NOT_MODELLED]
    # the entries are independent: replay them on every core (CI runs this, see .ci/run)
    import multiprocessing
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        results = pool.map(check_entry, todo, chunksize=1)
    bad = [r for r in results if r is not None]
    for line in bad:
        print(line)
    for name, elf in skipped:
        print("SKIPPED", name, "-", NOT_MODELLED[elf])
    print(f"{len(todo)} replayed, {len(bad)} mismatches, {len(skipped)} skipped (not modelled)")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
