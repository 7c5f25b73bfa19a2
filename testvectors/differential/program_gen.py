"""A random RV64IMC (+B, +A) program as assembly, for differential runs against CKB-VM.

usage: program_gen.py SEED OUT.S [INSTRUCTIONS] [b|-] [v0|v]

The same SEED gives the same program. The program sets every register to a random value, runs
INSTRUCTIONS random items (ALU, M and B ops, loads and stores around x8, forward branches and
jumps, short counted loops (fused groups and loads and stores of every width in them), accesses
at the end of memory, the macro-op fusion groups of CKB-VM with registers that sometimes
break the group's rules, vm_version / current_cycles syscalls, now and then an invalid encoding
or a computed jump, loads from the program's own code and now and then a store into it or an
unknown syscall), then the epilogue (epilogue.S) prints x1..x31 and a checksum of the data
area with the debug syscall and exits with a0. With "-" for the fourth argument B ops are rare
(the ISA lacks B); "v0" leaves out the syscalls ckb-script only gives version 1 and later.
"""
import random, sys
R = random.Random(int(sys.argv[1]))
out = sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 300
AMO_ON = R.random() < 0.05
V0 = len(sys.argv) > 5 and sys.argv[5] == "v0"
B_ON = (sys.argv[4] if len(sys.argv) > 4 else "b") == "b"
BASE = 8            # x8 points into the data area (writable), never a destination
LOOP = 27           # loop counter, never a random destination
DEST = [r for r in range(1, 32) if r not in (BASE, LOOP)]
def rr(): return R.choice(range(32)) if R.random() < 0.1 else R.choice(DEST + [BASE])
def rd(): return R.choice(DEST) if R.random() < 0.97 else 0
def x(r): return f"x{r}"
def imm12(): return R.choice([R.randint(-2048, 2047), R.randint(-8, 8), 0, -1, 2047, -2048])
def sh(n): return R.randint(0, n - 1)
def val64():
    return R.choice([R.getrandbits(64), R.getrandbits(32), R.randint(0, 16), (1 << 63), (1 << 64) - 1, (1 << 31), (1 << 32) - 1,
                     (1 << 64) - R.randint(1, 100), 0x8000_0000_0000_0001, R.getrandbits(16)])
RR = "add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw".split()
RRB = "add.uw sh1add sh2add sh3add sh1add.uw sh2add.uw sh3add.uw andn orn xnor max maxu min minu rol rolw ror rorw clmul clmulh clmulr bclr bext binv bset".split()
RI = "addi slti sltiu xori ori andi addiw".split()
SH64 = "slli srli srai rori bclri bexti binvi bseti slli.uw".split()
SH32 = "slliw srliw sraiw roriw".split()
UN = "clz clzw ctz ctzw cpop cpopw sext.b sext.h zext.h orc.b rev8".split()
LD = [("lb",1),("lh",2),("lw",4),("ld",8),("lbu",1),("lhu",2),("lwu",4)]
ST = [("sb",1),("sh",2),("sw",4),("sd",8)]
BR = "beq bne blt bge bltu bgeu".split()
AMO = "amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu".split()

label_count = [0]
pending = []  # forward labels: (index in body, name)
def newlabel():
    label_count[0] += 1
    return f"L{label_count[0]}"

body = []     # the items, as assembly lines; the labels of `pending` are placed afterwards
def emit(t): body.append(t)

def fused(far=True):
    """One of CKB-VM's macro-op fusion groups; the registers are drawn freely, so some break the group's rules."""
    a, b, c, d, e = [R.choice(DEST) for _ in range(5)]
    if R.random() < 0.15:
        b = 0
    op, tail = R.choice([("mulh", "mul"), ("mulhu", "mul"), ("mulhsu", "mul"), ("div", "rem"), ("divu", "remu")])
    groups = [
        [f"add {x(a)}, {x(a)}, {x(b)}", f"sltu {x(b)}, {x(a)}, {x(b)}", f"add {x(a)}, {x(a)}, {x(c)}",
         f"sltu {x(c)}, {x(a)}, {x(c)}", f"or {x(b)}, {x(b)}, {x(c)}"],                               # ADC
        [f"sub {x(b)}, {x(a)}, {x(b)}", f"sltu {x(c)}, {x(a)}, {x(d)}", f"sub {x(a)}, {x(b)}, {x(e)}",
         f"sltu {x(e)}, {x(b)}, {x(a)}", f"or {x(b)}, {x(e)}, {x(c)}"],                               # SBB
        [f"add {x(a)}, {x(b)}, {x(a)}", f"sltu {x(c)}, {x(a)}, {x(b)}", f"add {x(d)}, {x(c)}, {x(e)}"],  # ADD3A
        [f"add {x(a)}, {x(b)}, {x(c)}", f"sltu {x(b)}, {x(a)}, {x(b)}", f"add {x(d)}, {x(b)}, {x(e)}"],  # ADD3B
        [f"add {x(a)}, {x(b)}, {x(c)}", f"sltu {x(d)}, {x(a)}, {x(b)}", f"add {x(d)}, {x(d)}, {x(e)}"],  # ADD3C
        [f"add {x(a)}, {x(b)}, {x(c)}", f"sltu {x(d)}, {x(a)}, {x(b)}"],                                # ADCS
        [f"sub {x(a)}, {x(b)}, {x(c)}", f"sltu {x(d)}, {x(b)}, {x(c)}"],                                # SBBS
        [f"{op} {x(a)}, {x(b)}, {x(c)}", f"{tail} {x(d)}, {x(b)}, {x(c)}"],                             # WIDE_*
        [f"lui {x(a)}, {R.randint(0, (1 << 20) - 1)}", f"addiw {x(a)}, {x(a)}, {imm12()}"],          # LUI+ADDIW
        [f"auipc {x(a)}, {R.randint(0, (1 << 20) - 1)}", f"addi {x(a)}, {x(a)}, {imm12()}"],         # AUIPC+ADDI
    ]
    if far and R.random() < 0.1:
        lab = forward(12)  # a far jump: call (auipc ra + jalr ra) or tail (auipc t1 + jalr x0)
        emit(f"call {lab}" if R.random() < 0.7 else f"tail {lab}")
    else:
        for line in R.choice(groups):
            emit(line)

def alu_rr():
    emit(f"{R.choice(RR + RRB if B_ON or R.random() < 0.01 else RR)} {x(rd())}, {x(rr())}, {x(rr())}")

def alu_ri():
    emit(f"{R.choice(RI)} {x(rd())}, {x(rr())}, {imm12()}")

def shift64():
    emit(f"{R.choice(SH64 if B_ON or R.random() < 0.01 else SH64[:3])} {x(rd())}, {x(rr())}, {sh(64)}")

def shift32():
    emit(f"{R.choice(SH32 if B_ON or R.random() < 0.01 else SH32[:3])} {x(rd())}, {x(rr())}, {sh(32)}")

def unary():
    if B_ON or R.random() < 0.01:
        emit(f"{R.choice(UN)} {x(rd())}, {x(rr())}")
    else:
        alu_rr()

def upper():
    emit(f"{R.choice(['lui', 'lui', 'auipc'])} {x(rd())}, {R.randint(0, (1 << 20) - 1)}")

def load():
    op, _ = R.choice(LD)
    emit(f"{op} {x(rd())}, {imm12()}({x(BASE if R.random() < 0.995 else rr())})")

def store():
    op, _ = R.choice(ST)
    emit(f"{op} {x(rr())}, {imm12()}({x(BASE if R.random() < 0.997 else rr())})")

def atomic():
    if not AMO_ON:
        alu_rr()
        return
    w = R.choice(["w", "d"])
    if R.random() < 0.5:
        emit(f"{R.choice(AMO)}.{w} {x(rd())}, {x(rr())}, ({x(BASE)})")
    else:
        if R.random() < 0.5:
            emit(f"lr.{w} {x(rd())}, ({x(BASE)})")
        emit(f"sc.{w} {x(rd())}, {x(rr())}, ({x(BASE)})")

def forward(distance):
    lab = newlabel()
    pending.append((len(body) + R.randint(1, distance), lab))
    return lab

def branch():
    emit(f"{R.choice(BR)} {x(rr())}, {x(rr())}, {forward(25)}")

def jump():
    emit(f"jal {x(R.choice([0, 1, rd()]))}, {forward(25)}")

def counted_loop():
    """A few instructions run up to 63 times; the counter is masked, so a branch into the body ends it too."""
    lab = newlabel()
    emit(f"li x{LOOP}, {R.randint(1, 40)}")
    emit(f"{lab}:")
    emit(f"andi x{LOOP}, x{LOOP}, 63")
    for _ in range(R.randint(1, 6)):
        q = R.random()
        if q < 0.5:
            alu_rr()
        elif q < 0.65:
            fused(far=False)  # fused groups in code hot enough to be translated
        elif q < 0.82:
            emit(f"{R.choice(LD)[0]} {x(rd())}, {R.randint(-256, 255) * 8 + R.choice([0, 0, 0, 1, 3, 6])}({x(BASE)})")
        else:
            emit(f"{R.choice(ST)[0]} {x(rr())}, {R.randint(-256, 255) * 8 + R.choice([0, 0, 0, 1, 3, 6])}({x(BASE)})")
    emit(f"addi x{LOOP}, x{LOOP}, -1")
    emit(f"bnez x{LOOP}, {lab}")

MEMORY = 4 << 20  # CKB-VM's default memory, and ckbvm's

def edge():
    """A load or store a few bytes below the end of memory: in bounds, straddling the end, or (version 0) at the last valid place."""
    t = R.choice(DEST)
    emit(f"li {x(t)}, {MEMORY - R.randint(1, 16)}")
    if R.random() < 0.5:
        emit(f"{R.choice(LD)[0]} {x(rd())}, 0({x(t)})")
    else:
        emit(f"{R.choice(ST)[0]} {x(rr())}, 0({x(t)})")

def code_access():
    """A load from the program's own code (executable pages are readable) or, now and then, a store
    into it (W^X: MemWriteOnExecutablePage), or one straddling the page just below the data area."""
    t = R.choice(DEST)
    if R.random() < 0.8:
        emit(f"la {x(t)}, {forward(30)}")
        off = R.randint(-64, 64)
    else:
        emit(f"la {x(t)}, data_area")
        off = -R.randint(1, 8)
    if R.random() < 0.75:
        emit(f"{R.choice(LD)[0]} {x(rd())}, {off}({x(t)})")
    else:
        emit(f"{R.choice(ST)[0]} {x(rr())}, {off}({x(t)})")

def unknown_ecall():
    """A syscall number neither CKB-VM's runner nor ckb-script serves: InvalidEcall with that number."""
    emit(f"li a7, {R.choice([0, 1, 64, 92, 94, 2040, 2044, 2060, 2063, 2070, 2075, 2100, 2105, 2176, 2178, 2600, 2609, R.getrandbits(64)])}")
    emit("ecall")

def syscall():
    if not V0:
        emit(f"li a7, {R.choice([2041, 2042])}")
        emit("ecall")

def system():
    emit(R.choice(["fence", "fence.i", "ebreak", "nop", "c.nop"]))

def invalid():
    # all ones, a zero half-word, an unknown major opcode; then a valid jal, EBREAK and WFI words
    emit(R.choice([".word 0xffffffff", ".half 0", ".word 0x0000007f", ".word 0x0200006f", ".word 0x00100073",
                   ".word 0x10500073"]))

def computed_jump():
    t = R.choice(DEST)
    emit(f"la {x(t)}, {forward(20)}")
    emit(f"jalr {x(R.choice([0, 1, rd()]))}, {R.choice([0, 0, 1, 2, 3])}({x(t)})")

# (weight, generator): the share of items each kind gets
KINDS = [(0.30, alu_rr), (0.10, alu_ri), (0.06, shift64), (0.03, shift32), (0.04, unary), (0.03, upper),
         (0.10, load), (0.08, store), (0.004, atomic), (0.126, branch), (0.02, jump), (0.06, fused),
         (0.01, counted_loop), (0.005, syscall), (0.005, system), (0.0005, invalid), (0.0045, computed_jump),
         (0.002, edge), (0.002, code_access), (0.0004, unknown_ecall)]

def one():
    p = R.random()
    for weight, make in KINDS:
        if p < weight:
            make()
            return
        p -= weight
    alu_rr()

for _ in range(N):
    one()
# the forward labels, at their index (those past the end on the epilogue)
labels_at = {}
for pos, lab in pending:
    labels_at.setdefault(min(pos, len(body)), []).append(lab)
src = []
src.append(".section .text\n.globl _start\n_start:")
for r in range(1, 32):
    if r == BASE:
        src.append(f"  la x8, data_area + {R.choice([2048, 4096, 8192, 30000 & ~7])}")
    else:
        src.append(f"  li x{r}, {val64()}")
for i, t in enumerate(body):
    for lab in labels_at.get(i, []):
        src.append(f"{lab}:")
    src.append("  " + t if not t.endswith(":") else t)
for lab in labels_at.get(len(body), []):
    src.append(f"{lab}:")
src.append(open(sys.path[0] + "/epilogue.S").read())
src.append(".section .data\n.balign 4096\ndata_area:")
data = bytes(R.getrandbits(8) for _ in range(256)) * 128
for k in range(0, len(data), 32):
    src.append("  .byte " + ",".join(str(b) for b in data[k:k+32]))
src.append("  .space 4096")
open(out, "w").write("\n".join(src) + "\n")
