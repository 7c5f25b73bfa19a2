#!/usr/bin/env python3
"""Writes expectations.json (authoring tool; run after build.sh, output committed).

Cycle counts: for straight-line programs they come from ucount.py (which
applies the fusion rules and the cost table of docs/CKB_VM.md §1.5 and §6); for the few
programs with calls/jumps they were counted by hand (see the comments here).
Every other `cycles` is null (not asserted).

usage: python3 gen_expectations.py   (run from anywhere; needs elf/ built)"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TV = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import ucount  # noqa: E402

V0 = (0, "imc")
V1 = (1, "imc,b,mop")
V1_NOMOP = (1, "imc,b")
V1_IMC = (1, "imc")
V2 = (2, "imc,b,mop")
V2_NOMOP = (2, "imc,b")
V2_IMC = (2, "imc")
CONFIG_KEY = {V0: "v0", V1: "v1_mop", V1_NOMOP: "v1", V1_IMC: "v1", V2: "v2_mop", V2_NOMOP: "v2", V2_IMC: "v2"}

entries = []
_names = set()


def tag(cfg):
    v, isa = cfg
    return f"v{v}_" + isa.replace(",", "_")


def add(prog, cfg, why, *, exit_code=None, error=None, status=None, cycles=None, cost="ckb",
        max_cycles=None, args=(), suffix="", elf=None, pc=None, sources=()):
    v, isa = cfg
    if status is None:
        status = "error" if error else "exited"
    name = f"{prog}/{tag(cfg)}/{cost}{suffix}"
    assert name not in _names, name
    _names.add(name)
    e = {"name": name, "elf": f"elf/{elf or prog}", "version": v, "isa": isa, "cost_model": cost,
         "max_cycles": max_cycles, "args": list(args), "memory_size": None,
         "sources": [f"elf/{src}" for src in sources],
         "expect": {"status": status, "exit_code": exit_code if status == "exited" else None,
                    "cycles": cycles, "error": error},
         "why": why}
    if pc is not None:
        e["expect"]["pc"] = pc
    entries.append(e)


def counts(prog, fail_at=None):
    return ucount.main(os.path.join(TV, "elf", prog), fail_at)


def sym(prog, name):
    out = subprocess.run(["riscv64-unknown-elf-nm", os.path.join(TV, "elf", prog)], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        a, _, n = line.split()
        if n == name:
            return int(a, 16)
    raise KeyError(name)


ALL = [V0, V1, V2]

# ---------------- 1. ISA coverage ----------------
for p, what in [("isa_rv64i", "every RV64I instruction with edge values"),
                ("isa_rv64m", "every RV64M instruction with edge values"),
                ("isa_rvc", "every RV64C instruction with edge values")]:
    for cfg in [V0, V1, V2, V2_IMC]:
        add(p, cfg, what + ", self-checked", exit_code=0)
for p, ext in [("isa_zba", "Zba"), ("isa_zbb", "Zbb"), ("isa_zbc", "Zbc"), ("isa_zbs", "Zbs")]:
    for cfg in [V1_NOMOP, V1, V2]:
        add(p, cfg, f"every {ext} instruction with edge values, self-checked", exit_code=0)
    add(p, V2_IMC, f"{ext} instructions need isa b", error="InvalidInstruction")
    add(p, V0, f"{ext} instructions need isa b (V0 = imc)", error="InvalidInstruction")
for cfg in [(2, "imc,a"), (2, "imc,a,b,mop"), (1, "imc,a,b,mop")]:
    add("isa_a", cfg, "every A instruction (LR/SC success and failure, all AMOs .W/.D), self-checked", exit_code=0)
add("isa_a", V2, "A instructions without isa a (as in CKB)", error="InvalidInstruction")
add("a_probe", (2, "imc,a"), "amoadd.w with isa a", exit_code=0)
add("a_probe", V2, "amoadd.w without isa a", error="InvalidInstruction")
add("a_probe", V0, "amoadd.w on V0 imc", error="InvalidInstruction")
for x in ("zba", "zbb", "zbc", "zbs"):
    p = f"b_probe_{x}"
    add(p, V2_NOMOP, f"one {x} instruction with isa b", exit_code=0)
    add(p, V2, f"one {x} instruction with isa b,mop", exit_code=0, cost="unit", cycles=counts(p)["v2_mop"]["unit"])
    add(p, (2, "imc,mop"), f"one {x} instruction without isa b", error="InvalidInstruction")
    add(p, V0, f"one {x} instruction on V0 (imc)", error="InvalidInstruction")
# Unit cycles without MOP = number of executed instructions, counted independently
# with qemu (-singlestep -d exec; see qemu_counts.py) and by refmodel.py.
for p, n, cfgs in [("isa_rv64i", 721, [V0, V2_IMC]), ("isa_rv64m", 333, [V0, V2_IMC]), ("isa_rvc", 313, [V0, V2_IMC]),
                   ("isa_zba", 329, [V2_NOMOP]), ("isa_zbc", 234, [V2_NOMOP]), ("isa_zbs", 1437, [V2_NOMOP]),
                   ("isa_a", 348, [(2, "imc,a")])]:
    for cfg in cfgs:
        add(p, cfg, "unit cycles without MOP = executed instructions (qemu-counted)", exit_code=0, cost="unit", cycles=n)
add("ebreak", V2, "EBREAK and C.EBREAK are no-ops (500 cycles each): 6 instructions", exit_code=0, cost="unit", cycles=6)
add("ebreak", V2, "EBREAK/C.EBREAK cost 500: load ceil((20+16)/4)=9 + 500+500+1+1+1+500", exit_code=0, cycles=1512)
add("ebreak", V0, "EBREAK/C.EBREAK cost 500: load ceil((20+8)/4)=7 + 1503", exit_code=0, cycles=1510)

# ---------------- 2. version differences ----------------
add("v_jalr_rd_rs1", V0, "jalr t0,0(t0): V0 writes rd first and falls through", exit_code=1)
add("v_jalr_rd_rs1", V1, "jalr t0,0(t0): V1 computes the target first", exit_code=0)
add("v_jalr_rd_rs1", V2, "jalr t0,0(t0): V2 like V1", exit_code=0)
add("v_jalr_rd_rs1_rvc", V0, "c.jalr ra (rd == rs1 == ra): V0 falls through", exit_code=1)
add("v_jalr_rd_rs1_rvc", V1, "c.jalr ra: V1 jumps", exit_code=0)
add("v_jalr_rd_rs1_rvc", V2_NOMOP, "c.jalr ra: V2 jumps", exit_code=0)
for ins in ("ld", "lw", "lwu", "lh", "lhu", "lb", "lbu", "cld", "clw", "cldsp", "clwsp"):
    p = f"v_load_at_end_{ins}"
    # pc: the trace's end, where the asm machine moved it on entry (CKB-VM v0.24.12's values)
    add(p, V0, f"{ins} ending exactly at 4 MiB: V0 boundary check uses >=", error="MemOutOfBound",
        pc="0x10010" if ins in ("lwu", "lh", "lhu", "lb", "lbu") else "0x1000e")
    add(p, V1, f"{ins} ending exactly at 4 MiB: allowed from V1, reads 0", exit_code=0)
    add(p, V2, f"{ins} ending exactly at 4 MiB: allowed on V2", exit_code=0, cost="unit",
        cycles=counts(p)["v2_mop"]["unit"])
for cfg in ALL:
    add("v_store_at_end", cfg, "stores ending exactly at 4 MiB are fine on every version", exit_code=0,
        cost="unit", cycles=counts("v_store_at_end")[CONFIG_KEY[cfg]]["unit"])
add("v_argv_stack", V0, "V0 stack for args a,bc: sp=0x3fffe3, no NULL, no alignment", exit_code=1, args=["a", "bc"])
add("v_argv_stack", V1, "V1 stack for args a,bc: sp=0x3fffd0, argv NULL", exit_code=0, args=["a", "bc"])
add("v_argv_stack", V2, "V2 stack for args a,bc: sp=0x3fffd0, argv NULL", exit_code=0, args=["a", "bc"])
add("v_argv_stack", V2, "no args: sp=0x3ffff0, argc 0 -> 'other layout'", exit_code=3, suffix="_noargs")
add("v_argv_stack", V0, "no args on V0: argc at 0x3ffff8, argv[0] slot is 0x400000 -> the 8-byte read of it is out of bounds",
    error="MemOutOfBound", suffix="_noargs", pc="0x1001c")
hints = {"caddi_imm0": "C.ADDI rd!=0 imm 0", "cnop_imm": "C.NOP imm!=0", "cli_x0": "C.LI rd=0",
         "clui_x0": "C.LUI rd=0", "cmv_x0": "C.MV rd=0", "cadd_x0": "C.ADD rd=0",
         "cslli_x0": "C.SLLI rd=0", "cslli_shamt0": "C.SLLI shamt=0"}
for h, d in hints.items():
    p = f"v_rvc_hint_{h}"
    add(p, V0, f"RVC hint {d}: invalid on V0", error="InvalidInstruction")
    add(p, V1, f"RVC hint {d}: NOP from V1", exit_code=0)
    add(p, V2, f"RVC hint {d}: NOP on V2; li + hint + li + ecall", exit_code=0, cost="unit", cycles=4)
add("v_rvc_hints_all", V0, "all 8 RVC hints: V0 fails at the first", error="InvalidInstruction")
add("v_rvc_hints_all", V1, "all 8 RVC hints execute as NOPs", exit_code=0)
add("v_rvc_hints_all", V2, "all 8 RVC hints as NOPs: 1 + 8 + 2 instructions", exit_code=0, cost="unit", cycles=11)
add("v_writable_then_code", V0, "RW segment then RX segment on the same page: V0 froze the RW page",
    error="MemWriteOnFreezedPage")
add("v_writable_then_code", V1, "RW segment then RX segment on the same page: V1 RW pages are not frozen", exit_code=0)
add("v_writable_then_code", V2, "RW then RX on the same page: allowed on V2", exit_code=0)
add("v_unaligned_exec", V0, "RX segment at vaddr 0x10100: V0's zero-fill store hits the executable page",
    error="MemWriteOnExecutablePage")
add("v_unaligned_exec", V1, "unaligned RX segment loads on V1", exit_code=0)
add("v_unaligned_exec", V2, "unaligned RX segment loads on V2", exit_code=0)
L = sym("v_trace_alias", "L")
add("v_trace_alias", V0, "jump to L+2^32 reuses the cached trace at L (low-32-bit compare, asm machine)", exit_code=0)
add("v_trace_alias", V1, "jump to L+2^32 reuses the cached trace at L on V1", exit_code=0)
add("v_trace_alias", V2, "V2 compares the full pc: fetch at L+2^32 fails", error="MemOutOfBound", pc=hex(L + (1 << 32)))

# ---------------- 3. macro-op fusion ----------------
MOP_CFGS = [V0, V1_NOMOP, V1, V2_NOMOP, V2]
for p, why in [("mop_adc", "ADC fusion (V1+)"), ("mop_sbb", "SBB fusion (V1+)"), ("mop_adcs", "ADCS fusion (V2)"),
               ("mop_sbbs", "SBBS fusion (V2)"), ("mop_add3", "ADD3A/B/C fusion (V2)"),
               ("mop_wide", "WIDE_MUL/MULU/MULSU/DIV/DIVU fusion (V1+)"),
               ("mop_load_imm", "CUSTOM_LOAD_IMM: lui+addiw (V1+), auipc+addi (V2)"),
               ("mop_nearmiss", "near-miss patterns that must not fuse (V2 ADCS where noted)")]:
    c = counts(p)
    for cfg in MOP_CFGS:
        k = CONFIG_KEY[cfg]
        f = c[k]["fused"]
        add(p, cfg, f"{why}; unit cycles; fused: {f or 'none'}", exit_code=0, cost="unit", cycles=c[k]["unit"])
    for cfg in [V0, V2]:
        k = CONFIG_KEY[cfg]
        add(p, cfg, f"{why}; ckb cost incl. load cost", exit_code=0, cycles=c[k]["ckb"])
c_ok, c_fail = counts("mop_sbb_zquirk"), counts("mop_sbb_zquirk", 1)
for cfg in MOP_CFGS:
    k = CONFIG_KEY[cfg]
    mop = "mop" in cfg[1]
    add("mop_sbb_zquirk", cfg, "SBB with Z != X: fused (MOP) computes sltu C,A,X -> check 1 fails" if mop
        else "SBB shape with Z != X, unfused: correct result", exit_code=1 if mop else 0, cost="unit",
        cycles=(c_fail if mop else c_ok)[k]["unit"])
# mop_far_jump: counted by hand (see mop_far_jump.S): 23 instructions unfused; the
# two far jumps fuse on V1/V2 with MOP (-2); on V2 the two auipc+addi in f1/f2 fuse too (-2).
# (No V0 run: an unfused `jalr ra, lo(ra)` has rd == rs1, which V0 executes differently.)
for cfg, n in [(V1_NOMOP, 23), (V1, 21), (V2_NOMOP, 23), (V2, 19)]:
    add("mop_far_jump", cfg, "FAR_JUMP_REL/ABS in normal form (rd = rs1 = ra)", exit_code=0, cost="unit", cycles=n)
# ckb: filesz 0x68 = 104. Unfused instr costs 536 (V0 load 28, V1 load 30); V1 MOP: 534; V2 MOP: 532.
add("mop_far_jump", V1_NOMOP, "far jumps, ckb cost, unfused", exit_code=0, cycles=566)
add("mop_far_jump", V1, "far jumps, ckb cost, FAR_JUMP_* cost 3", exit_code=0, cycles=564)
add("mop_far_jump", V2, "far jumps + auipc/addi load-imm fused, ckb cost", exit_code=0, cycles=562)
# mop_mid_entry: 556 cycles unfused (ckb cost and load cost). With MOP the loop's trace runs its
# ADC group twice as one item (cost 1 instead of 5): 548 on V1; on V2 the entry trace's add+sltu
# also fuse to ADCS (-1): 547. A decoder that kept the ADCS fused at the entry and showed it to
# the loop's ADC lookahead would charge 2 more per iteration (551). CKB-VM v0.24.12 agrees on all four.
add("mop_mid_entry", V1_NOMOP, "ADC loop first entered mid-group, unfused", exit_code=3, cycles=556)
add("mop_mid_entry", V1, "ADC loop first entered mid-group: the loop still fuses ADC", exit_code=3, cycles=548)
add("mop_mid_entry", V2_NOMOP, "ADC loop first entered mid-group, unfused", exit_code=3, cycles=556)
add("mop_mid_entry", V2, "ADC loop first entered mid-group: ADCS at the entry, ADC in the loop", exit_code=3, cycles=547)
# mop_jump_rel_reg: unfused path 12 instructions; V2 MOP fuses the two `la` (auipc+addi) -> 10;
# V1 MOP: li, FAR_JUMP_REL, auipc, addi, beq, bnez, li, li, ecall = 9 and exit 1.
for cfg, code, n in [(V0, 0, 12), (V1_NOMOP, 0, 12), (V1, 1, 9), (V2_NOMOP, 0, 12), (V2, 0, 10)]:
    add("mop_jump_rel_reg", cfg, "auipc a0; jalr ra,lo(a0): V1 MOP fuses and leaves a0 unwritten" if code
        else "auipc a0; jalr ra,lo(a0): a0 written (no fusion)", exit_code=code, cost="unit", cycles=n)
# mop_jump_abs_reg: unfused 11; V2 MOP fuses the `la` in ok -> 10; V1 MOP: li, FAR_JUMP_ABS, lui, beq,
# bnez, li, li, ecall = 8 and exit 1.
for cfg, code, n in [(V0, 0, 11), (V1_NOMOP, 0, 11), (V1, 1, 8), (V2_NOMOP, 0, 11), (V2, 0, 10)]:
    add("mop_jump_abs_reg", cfg, "lui a0; jalr ra,lo(a0): V1 MOP fuses and leaves a0 unwritten" if code
        else "lui a0; jalr ra,lo(a0): a0 written (no fusion)", exit_code=code, cost="unit", cycles=n)
NO_V0 = [V1_NOMOP, V1, V2_NOMOP, V2]   # jalr ra,-1(ra) has rd == rs1: V0 differs, not tested
for cfg in NO_V0:
    fused = cfg == V1
    add("mop_jump_rel_overflow", cfg,
        "auipc ra,0x80000; jalr ra,-1(ra): " + ("V1 fuses with wrapping i32 add -> pc 0x8000fffe" if fused
                                                else "not fused (V2 checked add / no MOP) -> pc 0xffffffff8000fffe"),
        error="MemOutOfBound", pc="0x8000fffe" if fused else "0xffffffff8000fffe")
for cfg in NO_V0:
    fused = "mop" in cfg[1]
    add("mop_jump_abs_overflow", cfg,
        "lui ra,0x80000; jalr ra,-1(ra): " + ("fused, wrapping i32 add (V1 and V2) -> pc 0x7ffffffe" if fused
                                              else "not fused -> pc 0xffffffff7ffffffe"),
        error="MemOutOfBound", pc="0x7ffffffe" if fused else "0xffffffff7ffffffe")
add("exit0", (0, "imc,mop"), "MOP on version 0 is rejected", error="InvalidVersion")

# ------------ 3b. traces longer than 255 bytes (trace_wrap.S; docs/CKB_VM.md §3.4) ------------
# The asm machine keeps a trace's byte length in a u8: pc moves by length mod 256 and the code
# from there runs (and is charged) again. Counted by hand with the ckb costs (ADC/SBB group 1,
# branch/jal 3, ecall 500, others 1) and load cost ceil((filesz + 16) / 4). Only MOP forms such
# traces; without MOP every item is one instruction and nothing wraps (the controls).
WRAP_MOP = [V1, V2]
for cfg in WRAP_MOP:
    # filesz 274, load 73; [13 ADC, c.nop, li, li] 16 bytes 270 -> pc +14; at +14: [c.slli x0 hint
    # (upper half of the 4th instruction), or, 12 ADC, c.nop, li a0] 16; [li a7, ecall] 501
    add("trace_wrap_adc13", cfg, "13 ADC groups + c.nop: the 270-byte trace wraps to 14, 17 items run twice",
        exit_code=7, cycles=73 + 16 + 16 + 501)
    # filesz 290, load 77; [14 ADC, c.li, li a7] 286 bytes -> +30; [hint, sltu, or, 12 ADC, c.li] 16; 501
    add("trace_wrap_adc14_cli", cfg, "14 ADC groups + c.li: the 286-byte trace wraps to 30",
        exit_code=7, cycles=77 + 16 + 16 + 501)
    # filesz 300, load 79; [14 ADC, nop, nop] 288 bytes -> +32; the trace at +32 (sltu, or, 12 ADC, nop,
    # nop) is exactly 256 bytes: u8 length 0, which the asm machine re-forms forever
    add("trace_wrap_adc14_zero", cfg, "a trace of exactly 256 bytes: ZeroLengthTrace before it runs "
        "(the asm machine never ends; our one divergence)", error="ZeroLengthTrace", cycles=79 + 16, pc="0x10020")
    # filesz 0x238 = 568, load 146; [13 ADC, nop, nop, jal ra] 18, its own address taken as 256 lower:
    # lands at _start + 300 with ra = _start + 16; there la (auipc, a block end on V1 / fused on V2),
    # sub, li, ecall
    add("trace_wrap_adc13_jal", cfg, "a jal ending a 272-byte trace jumps 256 bytes short, linking _start + 16",
        exit_code=16, cycles=146 + 18 + (1 + 503 if cfg == V1 else 503))
    # filesz 276, load 73; [13 SBB, c.nop, c.nop, li a0] 268 bytes -> +12; [sltu, or, 12 SBB, c.nop,
    # c.nop] 16; [li a0, li a7, ecall] 502
    add("trace_wrap_sbb13", cfg, "13 SBB groups + 2 c.nop: the 268-byte trace wraps to 12",
        exit_code=7, cycles=73 + 16 + 16 + 502)
    # filesz 300, load 79; [li, li, addi, beqz] 6; 9 x ([13 ADC, addi, nop, jal] 18 + [addi, beqz] 4);
    # [mv, li, ecall] 502
    add("trace_wrap_adc13_loop", cfg, "a loop whose body is a wrapped trace ending in a jal (JIT territory)",
        exit_code=9, cycles=79 + 6 + 9 * (18 + 4) + 502)
# controls without MOP: no fusion, no wrap, the Rust interpreter's count (group = 5 instructions)
add("trace_wrap_adc13", V2_NOMOP, "no MOP: 13 x 5 + 3 instructions + ecall", exit_code=7, cycles=73 + 68 + 500)
add("trace_wrap_adc14_zero", V2_NOMOP, "no MOP: nothing wraps, exit 7", exit_code=7, cycles=79 + 74 + 500)
add("trace_wrap_sbb13", V2_NOMOP, "no MOP: 13 x 5 + 4 instructions + ecall", exit_code=7, cycles=73 + 69 + 500)

# ---------------- 4. run-time errors and limits ----------------
# pc after the error, as CKB-VM v0.24.12's assembly machine leaves it: a fault or a failing
# syscall inside a trace leaves pc at the trace's end (pc moved there on entry), a decode or
# fetch error at the start of the trace it was building.
for p, err, why, pc in [("err_store_code", "MemWriteOnExecutablePage", "store into the code page", "0x10018"),
                        ("err_exec_data", "MemWriteOnExecutablePage", "jump into a writable data page", "0x11000"),
                        ("err_exec_rodata", "MemWriteOnExecutablePage", "jump into a read-only data page", "0x11000"),
                        ("err_jump_oob", "MemOutOfBound", "jump to 0x400000", "0x400000"),
                        ("err_load_oob", "MemOutOfBound", "8-byte load at 0x3ffffc", "0x10014"),
                        ("err_store_oob", "MemOutOfBound", "8-byte store at 0x3ffffc", "0x10014"),
                        ("err_illegal_zero", "InvalidInstruction", "all-zero halfword", "0x10000"),
                        ("err_csr", "InvalidInstruction", "CSR instruction (rdcycle)", "0x10000"),
                        ("err_unknown_ecall", "InvalidEcall", "ecall 12345", "0x1000c"),
                        ("err_debug_utf8", "External", "debug syscall with invalid UTF-8", "0x10014"),
                        ("err_insn_straddle", "MemWriteOnExecutablePage",
                         "32-bit instruction whose second half is in a non-executable page", "0x10ffe")]:
    for cfg in ([V0, V2] if p != "err_debug_utf8" else [V0, V1, V2]):
        add(p, cfg, why, error=err, pc=pc)
for cfg in ALL:
    add("quirk_store_rodata", cfg, "stores only check the EXECUTABLE bit: a read-only segment is writable", exit_code=0,
        cost="unit", cycles=counts("quirk_store_rodata")[CONFIG_KEY[cfg]]["unit"])
    add("rvc_pageend", cfg, "RVC instruction in the last 2 bytes of the last executable page", exit_code=0)
add("loop_forever", V2, "infinite loop stops at max_cycles", status="cycles_exceeded", max_cycles=1000)
add("loop_forever", V0, "infinite loop stops at max_cycles (unit)", status="cycles_exceeded", max_cycles=1000, cost="unit")
add("exit0", V2, "3 instructions, max_cycles 3: reaching max exactly is allowed", exit_code=0, cost="unit", max_cycles=3,
    cycles=3, suffix="_max3")
add("exit0", V2, "3 instructions, max_cycles 2", status="cycles_exceeded", cost="unit", max_cycles=2, suffix="_max2")
add("exit0", V2, "ckb: load ceil((12+16)/4)=7 + 1 + 1 + 500", exit_code=0, cycles=509)
add("exit0", V0, "ckb: load ceil((12+8)/4)=5 + 502", exit_code=0, cycles=507)
add("exit0", V2, "ckb, max_cycles 509 exactly", exit_code=0, cycles=509, max_cycles=509, suffix="_max509")
add("exit0", V2, "ckb, max_cycles 508", status="cycles_exceeded", max_cycles=508, suffix="_max508")

# ---------------- 5. hand-made ELFs ----------------
for p, err, why in [("elf_32bit", "ElfBits", "ELF32 file"),
                    ("elf_bad_magic", "ElfParseError", "bad magic"),
                    ("elf_bad_class", "ElfParseError", "EI_CLASS = 3"),
                    ("elf_tiny", "ElfParseError", "8-byte file"),
                    ("elf_phdrs_truncated", "ElfParseError", "e_phnum 3 in a 130-byte file"),
                    ("elf_phoff_past_eof", "ElfParseError", "e_phoff past end of file"),
                    ("elf_seg_filesz_past_eof", "ElfSegmentAddrOrSizeError", "p_offset + p_filesz > file size"),
                    ("elf_seg_offset_past_eof", "ElfSegmentAddrOrSizeError", "p_offset > file size"),
                    ("elf_seg_wx", "ElfSegmentWritableAndExecutable", "R+W+X segment"),
                    ("elf_seg_unreadable_x", "ElfSegmentUnreadable", "X-only segment"),
                    ("elf_seg_unreadable_w", "ElfSegmentUnreadable", "W-only segment"),
                    ("elf_seg_overlap_code", "MemWriteOnFreezedPage", "two RX segments on one page"),
                    ("elf_seg_beyond_memory", "MemOutOfBound", "segment at 0x400000"),
                    ("elf_seg_straddles_end", "MemOutOfBound", "segment [0x3ff000, 0x401000)"),
                    ("elf_entry_past_memory", "MemOutOfBound", "e_entry 0x500000 (fails at first fetch)")]:
    for cfg in [V0, V2]:
        add(p, cfg, why, error=err)
# the program-header table is read whole before any entry is checked (goblin ProgramHeader::parse,
# then ckb-vm parse_elf's loop): a table cut inside header 1 is ElfParseError whatever header 0 says
for p, why in [("elf_phdrs_cut_after_huge_filesz", "table cut in header 1; header 0 has p_filesz 2^62"),
               ("elf_phdrs_cut_after_w_only", "table cut in header 1; header 0 is W only"),
               ("elf_phdrs_cut_after_range_past_end", "table cut in header 1; header 0's file range is past the end")]:
    for cfg in ALL:
        add(p, cfg, why, error="ElfParseError")
for p, why in [("elf_machine_x86", "e_machine/e_type are not checked"),
               ("elf_phentsize_zero", "e_phentsize is ignored (fixed 56-byte stride)"),
               ("elf_note_past_eof", "non-PT_LOAD headers are not range-checked")]:
    for cfg in [V0, V2]:
        add(p, cfg, why, exit_code=0)
add("exit0", V2, "1 MiB argument: stack (1 MiB) overflows", error="MemOutOfStack", args=["a" * (1 << 20)],
    suffix="_hugeargv")

# ---------------- 6. always_success, syscalls ----------------
add("always_success", V0, "ckb ALWAYS_SUCCESS_SCRIPT_CYCLE: load ceil((130+8)/4)=35 + 1 + 1 + 500", exit_code=0, cycles=537)
add("always_success", V1, "load ceil((130+16)/4)=37 + 502", exit_code=0, cycles=539)
add("always_success", V2, "load ceil((130+16)/4)=37 + 502", exit_code=0, cycles=539)
add("always_success", V2, "unit: 3 instructions, no load cost", exit_code=0, cost="unit", cycles=3)
add("always_success", V2, "args a,bc: stack 48 bytes -> load ceil(178/4)=45 + 502", exit_code=0, cycles=547,
    args=["a", "bc"], suffix="_args")
add("always_success", V0, "args a,bc on V0: stack 29 bytes -> load ceil(159/4)=40 + 502", exit_code=0, cycles=542,
    args=["a", "bc"], suffix="_args")
add("always_success", V2, "max_cycles 539 exactly", exit_code=0, cycles=539, max_cycles=539, suffix="_max539")
add("always_success", V2, "max_cycles 538", status="cycles_exceeded", max_cycles=538, suffix="_max538")
add("always_success_filesz_gt_memsz", V0, "load cost counts p_filesz 5000: ceil(5008/4)=1252 + 502", exit_code=0,
    cycles=1754)
add("always_success_filesz_gt_memsz", V2, "load cost counts p_filesz 5000: ceil(5016/4)=1254 + 502", exit_code=0,
    cycles=1756)
for cfg in ALL:
    add("sys_debug", cfg, "debug syscall with valid UTF-8 and with an empty string", exit_code=0)
add("sys_vm_version", V0, "vm_version does not exist on V0", error="InvalidEcall")
add("sys_vm_version", V1, "vm_version = 1", exit_code=1)
add("sys_vm_version", V2, "vm_version = 2", exit_code=2, cost="unit", cycles=4)
add("sys_current_cycles", V0, "current_cycles does not exist on V0", error="InvalidEcall")
add("sys_current_cycles", V2, "first reading = 2 (li + ecall); total 4", exit_code=2, cost="unit", cycles=4)
add("sys_current_cycles", V2, "first reading = load ceil((16+16)/4)=8 + 1 + 500 = 509 -> (int8) -3; total 1010",
    exit_code=-3, cycles=1010)
add("sys_current_cycles", V1, "V1 same as V2", exit_code=-3, cycles=1010)
add("sys_current_cycles_diff", V2, "difference of two readings = 3 (unit); total 8", exit_code=3, cost="unit", cycles=8)
add("sys_current_cycles_diff", V2, "difference = 1 + 1 + 500 = 502 -> (int8) -10; total 12 + 1505", exit_code=-10,
    cycles=1517)

# ---------------- 7. compute-bound C programs ----------------
for p, arg, why in [("fib", "25", "recursive fib(n)"), ("sieve", "1000000", "sieve of Eratosthenes"),
                    ("sha256", "1000", "iterated SHA-256"),
                    ("secp256k1", "2", "secp256k1 ECDSA verification"),
                    ("sort", "100000", "merge sort of 64-bit keys"),
                    ("blake2b", "1000", "iterated BLAKE2b (CKB's hash), straight-line rounds")]:
    for cfg in [V0, V1, V2]:
        add(p, cfg, why + " with the default size, self-checked", exit_code=0)
    add(p, V2, why + f" with argument {arg}", exit_code=0, args=[arg], suffix="_arg")
    add(p, V2, why + ", unit cost model", exit_code=0, cost="unit", suffix="_unit")

# ---------------- 8. data loaded from the transaction's sources ----------------
BLOBS = ("blob_data.bin", "blob_code.bin")
for cfg in [V0, V1, V2]:
    add("load_blob", cfg, "load_cell_data / load_cell_data_as_code from cell deps 0 and 1, self-checked",
        exit_code=0, sources=BLOBS)
add("load_blob", V2, "a missing cell dep 0 is INDEX_OUT_OF_BOUND: check 1 fails", exit_code=1, suffix="_nosource")
add("load_blob", V2, "only cell dep 0: loading code from index 1 reports INDEX_OUT_OF_BOUND at check 7",
    exit_code=7, sources=BLOBS[:1], suffix="_onesource")

with open(os.path.join(HERE, "expectations.json"), "w") as f:
    f.write("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n")
print(len(entries), "entries")
