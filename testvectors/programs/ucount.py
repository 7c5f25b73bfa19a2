#!/usr/bin/env python3
"""Cycle counter for the straight-line test programs (authoring/checking tool,
not run by build.sh).  It disassembles an ELF with riscv64-unknown-elf-objdump,
walks the instructions from the entry point to the first ECALL at or after the
label `pass` (or the first ECALL, if there is no such label), applies the
macro-op fusion rules of docs/CKB_VM.md §1.5 exactly as a decoder
would (each fused group is one item; decoding continues after it), and prints
the cycle count for the cost models used in expectations.json:

  unit: 1 per decoded (possibly fused) instruction, no load cost
  ckb : estimate_cycles table (docs/CKB_VM.md §6) + ceil((sum p_filesz + stack)/4)
        with stack = 8 (V0) or 16 (V1+) bytes for an empty argv

It refuses programs whose straight-line region contains a jump (the pass path
of such a program is not the textual order).  Conditional branches are assumed
not taken (they all go to `fail`).

usage: ucount.py ELF [--fail N]  -> JSON {config: {"unit": n, "ckb": n}}
  --fail N: count the path on which the N-th conditional branch of the region
            is taken to `fail` (the program then runs the fail block to its ecall)."""
import json
import math
import re
import subprocess
import sys

OBJDUMP = "riscv64-unknown-elf-objdump"
RA = 1


def reg(t):
    t = t.strip()
    assert t[0] == "x", t
    return int(t[1:])


def parse(elf):
    out = subprocess.run([OBJDUMP, "-d", "-M", "no-aliases,numeric", elf], check=True,
                         capture_output=True, text=True).stdout
    insts, labels = [], {}
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(.*)>:$", line)
        if m:
            labels[m.group(2)] = int(m.group(1), 16)
            continue
        m = re.match(r"^\s+([0-9a-f]+):\s+([0-9a-f]+)\s+(\S+)\s*([^#<]*)", line)
        if not m:
            continue
        pc, raw, op, args = int(m.group(1), 16), m.group(2), m.group(3), m.group(4).strip()
        insts.append(canon(pc, len(raw) // 2, op, [a.strip() for a in args.split(",")] if args else []))
    return insts, labels


def canon(pc, size, op, a):
    """Map to (pc, size, opcode, rd, rs1, rs2, imm) with RVC expanded."""
    d = dict(pc=pc, size=size, op=op, rd=None, rs1=None, rs2=None, imm=None)
    mem = re.compile(r"(-?\w+)\((x\d+)\)")
    if op.startswith("c."):
        base = op[2:]
        if base in ("add", "sub", "or", "and", "xor", "addw", "subw"):
            d.update(op=base, rd=reg(a[0]), rs1=reg(a[0]), rs2=reg(a[1]))
        elif base == "mv":
            d.update(op="add", rd=reg(a[0]), rs1=0, rs2=reg(a[1]))
        elif base in ("addi", "addiw", "slli", "srli", "srai", "andi"):
            d.update(op=base, rd=reg(a[0]), rs1=reg(a[0]), imm=int(a[1], 0))
        elif base == "li":
            d.update(op="addi", rd=reg(a[0]), rs1=0, imm=int(a[1], 0))
        elif base == "lui":
            v = int(a[1], 0)
            d.update(op="lui", rd=reg(a[0]), imm=v - (1 << 20) if v >= 0x80000 else v)
        elif base in ("ld", "lw", "sd", "sw", "ldsp", "lwsp", "sdsp", "swsp"):
            d.update(op=base.replace("sp", ""))
        elif base in ("jr", "jalr"):
            d.update(op="jalr", rd=0 if base == "jr" else RA, rs1=reg(a[0]), imm=0)
        elif base in ("j", "jal"):
            d.update(op="jal")
        elif base in ("beqz", "bnez"):
            d.update(op="beq")
        elif base == "nop":
            d.update(op="addi")
        else:
            d.update(op="c_other")
        return d
    if op in ("lui", "auipc"):
        v = int(a[1], 0)
        d.update(rd=reg(a[0]), imm=v - (1 << 20) if v >= 0x80000 else v)
    elif op == "jalr":
        m = mem.match(a[1])
        d.update(rd=reg(a[0]), rs1=reg(m.group(2)), imm=int(m.group(1), 0))
    elif op in ("addi", "addiw", "slti", "sltiu", "xori", "ori", "andi", "slli", "srli", "srai", "slliw", "srliw", "sraiw"):
        d.update(rd=reg(a[0]), rs1=reg(a[1]), imm=int(a[2], 0))
    elif len(a) == 3 and all(x.startswith("x") for x in a):
        d.update(rd=reg(a[0]), rs1=reg(a[1]), rs2=reg(a[2]))
    return d


CKB_COST = {}
for o in "jalr jal beq bne blt bge bltu bgeu".split():
    CKB_COST[o] = 3
for o in "ld sd".split():
    CKB_COST[o] = 2
for o in "lw lh lb lwu lhu lbu sw sh sb".split():
    CKB_COST[o] = 3
for o in "mul mulw mulh mulhu mulhsu".split():
    CKB_COST[o] = 5
for o in "div divw divu divuw rem remw remu remuw".split():
    CKB_COST[o] = 32
CKB_COST["ecall"] = CKB_COST["ebreak"] = 500
FUSED_COST = {"ADC": 1, "SBB": 1, "ADCS": 1, "SBBS": 1, "ADD3A": 1, "ADD3B": 1, "ADD3C": 1,
              "WIDE_MUL": 5, "WIDE_MULU": 5, "WIDE_MULSU": 5, "WIDE_DIV": 32, "WIDE_DIVU": 32,
              "FAR_JUMP_REL": 3, "FAR_JUMP_ABS": 3, "CUSTOM_LOAD_IMM": 1}


def fits_i32(v):
    return -(1 << 31) <= v < (1 << 31)


def fuse(seq, i, version):
    """Return (name, count) for the fusion starting at seq[i], or None."""
    def at(k):
        return seq[i + k] if i + k < len(seq) else None
    h = seq[i]
    op = h["op"]
    if op == "add":
        n = [at(k) for k in range(5)]
        if all(n) and [x["op"] for x in n] == ["add", "sltu", "add", "sltu", "or"]:
            a, b = h["rd"], h["rs2"]
            c = n[2]["rs2"]
            if (h["rs1"] == a and a != b and n[1]["rd"] == b and n[1]["rs1"] == a and n[1]["rs2"] == b
                    and n[2]["rd"] == a and n[2]["rs1"] == a and c not in (a, b)
                    and n[3]["rd"] == c and n[3]["rs1"] == a and n[3]["rs2"] == c
                    and n[4]["rd"] == b and n[4]["rs1"] == b and n[4]["rs2"] == c and 0 not in (a, b, c)):
                return ("ADC", 5)
        if version >= 2:
            n = [at(k) for k in range(3)]
            if all(n) and [x["op"] for x in n] == ["add", "sltu", "add"]:
                i0, i1, i2 = n
                r0, r1 = i0["rd"], i0["rs1"]
                # ADD3A: add r0,r1,r0; sltu r2,r0,r1; add r3,r2,r4
                if i0["rs2"] == r0 and i1["rs1"] == r0 and i1["rs2"] == r1 and i2["rs1"] == i1["rd"]:
                    r2, r4 = i1["rd"], i2["rs2"]
                    if r0 != r1 and r0 != r4 and r2 != r4 and r0 != 0 and r2 != 0:
                        return ("ADD3A", 3)
                # ADD3B: add r0,r1,r2; sltu r1,r0,r1; add r3,r1,r4
                if i1["rd"] == r1 and i1["rs1"] == r0 and i1["rs2"] == r1 and i2["rs1"] == r1:
                    r4 = i2["rs2"]
                    if r0 != r1 and r0 != r4 and r1 != r4 and r0 != 0 and r1 != 0:
                        return ("ADD3B", 3)
                # ADD3C: add r0,r1,r2; sltu r3,r0,r1; add r3,r3,r4
                if i1["rs1"] == r0 and i1["rs2"] == r1 and i2["rd"] == i1["rd"] and i2["rs1"] == i1["rd"]:
                    r3, r4 = i1["rd"], i2["rs2"]
                    if r0 != r1 and r0 != r4 and r3 != r4 and r0 != 0 and r3 != 0:
                        return ("ADD3C", 3)
            n1 = at(1)
            if n1 and n1["op"] == "sltu":
                r0, r1, r2 = h["rd"], h["rs1"], h["rs2"]
                if r0 == r1 and r0 != r2:
                    r1, r2 = r2, r1
                if n1["rs1"] == r0 and n1["rs2"] == r1 and r0 != r1 and r0 != 0:
                    return ("ADCS", 2)
        return None
    if op == "sub":
        n = [at(k) for k in range(5)]
        if all(n) and [x["op"] for x in n] == ["sub", "sltu", "sub", "sltu", "or"]:
            A, X = h["rs1"], h["rd"]
            C, Y = n[1]["rd"], n[2]["rs2"]
            if (h["rs2"] == X and A != X and C not in (A, X) and n[1]["rs1"] == A
                    and n[2]["rd"] == A and n[2]["rs1"] == X and Y not in (A, X, C)
                    and n[3]["rd"] == Y and n[3]["rs1"] == X and n[3]["rs2"] == A
                    and n[4]["rd"] == X and n[4]["rs1"] == Y and n[4]["rs2"] == C
                    and 0 not in (A, X, Y, C)):
                return ("SBB", 5)   # note: n[1]["rs2"] (Z) deliberately unchecked
        if version >= 2:
            n1 = at(1)
            if n1 and n1["op"] == "sltu":
                r0, r1, r2 = h["rd"], h["rs1"], h["rs2"]
                if n1["rs1"] == r1 and n1["rs2"] == r2 and r0 != r1 and r0 != r2:
                    return ("SBBS", 2)
        return None
    pairs = {"mulh": ("mul", "WIDE_MUL"), "mulhu": ("mul", "WIDE_MULU"), "mulhsu": ("mul", "WIDE_MULSU"),
             "div": ("rem", "WIDE_DIV"), "divu": ("remu", "WIDE_DIVU")}
    if op in pairs:
        n1 = at(1)
        if n1 and n1["op"] == pairs[op][0]:
            if (h["rd"] not in (h["rs1"], h["rs2"]) and n1["rs1"] == h["rs1"] and n1["rs2"] == h["rs2"]
                    and h["rd"] != n1["rd"]):
                return (pairs[op][1], 2)
        return None
    if op in ("lui", "auipc"):
        n1 = at(1)
        if not n1:
            return None
        if n1["op"] == "jalr" and n1["rs1"] == h["rd"] and n1["rd"] == RA:
            if version >= 2 and h["rd"] != RA:
                return None
            s = (h["imm"] << 12) + n1["imm"]
            if op == "auipc" and version >= 2 and not fits_i32(s):
                return None
            return ("FAR_JUMP_REL" if op == "auipc" else "FAR_JUMP_ABS", 2)
        if op == "lui" and n1["op"] == "addiw" and n1["rd"] == h["rd"] and n1["rs1"] == h["rd"]:
            return ("CUSTOM_LOAD_IMM", 2)
        if (op == "auipc" and version >= 2 and n1["op"] == "addi" and n1["rd"] == h["rd"]
                and n1["rs1"] == h["rd"]):
            pc = h["pc"]
            if fits_i32(pc) and fits_i32((h["imm"] << 12) + n1["imm"] + pc):
                return ("CUSTOM_LOAD_IMM", 2)
        return None
    return None


def region(insts, labels, fail_at=None):
    if fail_at is not None:
        seq = region(insts, labels)
        nb = 0
        for k, x in enumerate(seq):
            if x["op"] in ("beq", "bne", "blt", "bge", "bltu", "bgeu"):
                nb += 1
                if nb == fail_at:
                    f = next(j for j, y in enumerate(insts) if y["pc"] == labels["fail"])
                    e = next(j for j in range(f, len(insts)) if insts[j]["op"] == "ecall")
                    return seq[:k + 1] + insts[f:e + 1]
        raise SystemExit("no such branch")
    entry = labels.get("_start", insts[0]["pc"])
    start = next(k for k, x in enumerate(insts) if x["pc"] == entry)
    stop_pc = labels.get("pass", entry)
    for k in range(start, len(insts)):
        x = insts[k]
        if x["pc"] >= stop_pc and x["op"] == "ecall":
            return insts[start:k + 1]
        if x["op"] in ("jal", "jalr"):
            raise SystemExit(f"jump at {x['pc']:#x}: not a straight-line program")
    raise SystemExit("no ecall found")


def count(seq, version, mop):
    unit = ckb = 0
    i = 0
    fused = {}
    while i < len(seq):
        f = fuse(seq, i, version) if mop else None
        if f:
            name, n = f
            fused[name] = fused.get(name, 0) + 1
            ckb += FUSED_COST[name]
            i += n
        else:
            ckb += CKB_COST.get(seq[i]["op"], 1)
            i += 1
        unit += 1
    return unit, ckb, fused


def filesz_sum(elf):
    out = subprocess.run(["riscv64-unknown-elf-readelf", "-lW", elf], check=True,
                         capture_output=True, text=True).stdout
    total = 0
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "LOAD":
            total += int(parts[4], 16)
    return total


def main(elf, fail_at=None):
    insts, labels = parse(elf)
    seq = region(insts, labels, fail_at)
    fs = filesz_sum(elf)
    res = {}
    for name, version, mop in [("v0", 0, False), ("v1", 1, False), ("v1_mop", 1, True),
                               ("v2", 2, False), ("v2_mop", 2, True)]:
        unit, ckb, fused = count(seq, version, mop)
        stack = 8 if version == 0 else 16
        res[name] = {"unit": unit, "ckb": ckb + math.ceil((fs + stack) / 4), "fused": fused}
    return res


if __name__ == "__main__":
    fa = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--fail" else None
    print(json.dumps(main(sys.argv[1], fa), indent=1))
