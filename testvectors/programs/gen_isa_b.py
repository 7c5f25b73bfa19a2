#!/usr/bin/env python3
"""Authoring tool (NOT run by build.sh): writes isa_zba.S, isa_zbb.S, isa_zbc.S and
isa_zbs.S next to this file, with expected values from the reference functions
in bref.py (qemu confirms them independently, see qemu_check.sh)."""
import os, sys
os.chdir(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ".")
from bref import *
def R(op,a,b,r): return f"    li   a1, {hex(u(a))}\n    li   a2, {hex(u(b))}\n    {op} a0, a1, a2\n    CHECK a0, {hex(u(r))}\n"
def U(op,a,r): return f"    li   a1, {hex(u(a))}\n    {op} a0, a1\n    CHECK a0, {hex(u(r))}\n"
def I(op,a,imm,r): return f"    li   a1, {hex(u(a))}\n    {op} a0, a1, {imm}\n    CHECK a0, {hex(u(r))}\n"
hdr=lambda title, body: f"""/* {title} */
#include "check.inc"
    .option norvc
    .section .text.start, "ax"
    .globl _start
_start:
{body}
    PASS
"""
# ---- Zba
z=[]
def adduw(a,b): return u((a&0xffffffff)+b)
for a,b in [(0xffffffff80000000,1),(0x123456789abcdef0,0x10),(-1,-1)]:
    z.append(R('add.uw',a,b,adduw(a,b)))
for k in (1,2,3):
    for a,b in [(0x8000000000000001,5),(0x123456789abcdef0,0xfedcba9876543210),(-1,0)]:
        z.append(R(f'sh{k}add',a,b,u((a<<k)+b)))
        z.append(R(f'sh{k}add.uw',a,b,u(((a&0xffffffff)<<k)+b)))
for a,sh in [(0xffffffff80000001,0),(0xffffffff80000001,1),(0xffffffff80000001,31),(0xffffffff80000001,32),(0xffffffff80000001,63)]:
    z.append(I('slli.uw',a,sh,u((a&0xffffffff)<<sh)))
z.append("    add.uw a0, a1, x0                 /* zext.w */\n    li   t5, 0x80000001\n    CHECKR a0, t5\n".replace('a1','a1'))
open('isa_zba.S','w').write(hdr("isa_zba.S - every Zba instruction (ADD.UW, SH1ADD, SH2ADD, SH3ADD, SH1ADD.UW,\n * SH2ADD.UW, SH3ADD.UW, SLLI.UW) with edge values: only the low 32 bits of rs1\n * are used by the .UW forms (zero-extended), 64-bit wrap-around, SLLI.UW by\n * 0/1/31/32/63.  Needs the B extension.  Self-checking: exit 0 = pass.", "".join(z)))
# ---- Zbb
z=[]
vals=[0,1,0x8000000000000000,0xffffffffffffffff,0x100000000,0xffffffff,0x123456789abcdef0,0x80000000,0x00ff000000000001,0x0000ffff00008000]
for v in vals:
    z.append(U('clz',v,clz(v))); z.append(U('ctz',v,ctz(v))); z.append(U('clzw',v,clzw(v))); z.append(("#ifndef QEMU_CTZW_BUG  /* qemu 7.2 counts past bit 31 when the low word is 0 */\n"+U('ctzw',v,ctzw(v))+"#endif\n") if (v&0xffffffff)==0 and v>>32 else U('ctzw',v,ctzw(v)))
    z.append(U('cpop',v,cpop(v))); z.append(U('cpopw',v,cpopw(v)))
    z.append(U('orc.b',v,orcb(v))); z.append(U('rev8',v,rev8(v)))
    z.append(U('sext.b',v,sextb(v))); z.append(U('sext.h',v,sexth(v))); z.append(U('zext.h',v,v&0xffff))
pairs=[(0x123456789abcdef0,0xff00ff00ff00ff00),(-1,0),(0,-1),(0x8000000000000000,1)]
for a,b in pairs:
    z.append(R('andn',a,b,a&~b)); z.append(R('orn',a,b,u(a|~b))); z.append(R('xnor',a,b,u(~(a^b))))
for a,b in [(-1,1),(1,-1),(0x8000000000000000,0x7fffffffffffffff),(5,5),(-5,-6)]:
    z.append(R('max',a,b,max(s(a),s(b)))); z.append(R('min',a,b,min(s(a),s(b))))
    z.append(R('maxu',a,b,max(u(a),u(b)))); z.append(R('minu',a,b,min(u(a),u(b))))
a=0x123456789abcdef0
for n in [0,1,31,32,63,64,65,-1]:
    z.append(R('rol',a,n,rol(a,n))); z.append(R('ror',a,n,ror(a,n)))
    z.append(R('rolw',a,n,rolw(a,n))); z.append(R('rorw',a,n,rorw(a,n)))
b=0x80000001
for n in [0,1,31,32,33]:
    z.append(R('rolw',b,n,rolw(b,n))); z.append(R('rorw',b,n,rorw(b,n)))
for n in [0,1,31,32,63]:
    z.append(I('rori',a,n,ror(a,n)))
for n in [0,1,31]:
    z.append(I('roriw',a,n,rorw(a,n))); z.append(I('roriw',b,n,rorw(b,n)))
open('isa_zbb.S','w').write(hdr("isa_zbb.S - every Zbb instruction (ANDN, ORN, XNOR, CLZ, CLZW, CTZ, CTZW, CPOP,\n * CPOPW, MAX, MAXU, MIN, MINU, SEXT.B, SEXT.H, ZEXT.H, ROL, ROLW, ROR, RORI,\n * RORIW, RORW, ORC.B, REV8) with edge values: zero inputs (clz/ctz = 64/32),\n * CLZW/CTZW/CPOPW ignoring the upper half, *W results sign-extended, rotate\n * amounts using only the low 6/5 bits, signed vs unsigned min/max.\n * Needs the B extension.  Self-checking: exit 0 = pass.", "".join(z)))
# ---- Zbc
z=[]
for a,b in [(0x123456789abcdef0,0xfedcba9876543210),(-1,-1),(1<<63,2),(1,1),(0,-1),(0x8000000000000001,0x8000000000000001),(3,1<<63)]:
    z.append(R('clmul',a,b,clmul(u(a),u(b)))); z.append(R('clmulh',a,b,clmulh(u(a),u(b)))); z.append(R('clmulr',a,b,clmulr(u(a),u(b))))
open('isa_zbc.S','w').write(hdr("isa_zbc.S - every Zbc instruction (CLMUL, CLMULH, CLMULR) with edge values\n * (all ones, top bit, bit 0, zero).  Needs the B extension.\n * Self-checking: exit 0 = pass.", "".join(z)))
# ---- Zbs
z=[]
for a in [0,-1,0x123456789abcdef0]:
    for n in [0,1,31,32,63,64,-1]:
        sh=n&63
        z.append(R('bclr',a,n,u(a)&~(1<<sh))); z.append(R('bset',a,n,u(a)|(1<<sh)))
        z.append(R('binv',a,n,u(a)^(1<<sh))); z.append(R('bext',a,n,(u(a)>>sh)&1))
    for n in [0,1,31,32,63]:
        z.append(I('bclri',a,n,u(a)&~(1<<n))); z.append(I('bseti',a,n,u(a)|(1<<n)))
        z.append(I('binvi',a,n,u(a)^(1<<n))); z.append(I('bexti',a,n,(u(a)>>n)&1))
open('isa_zbs.S','w').write(hdr("isa_zbs.S - every Zbs instruction (BCLR, BCLRI, BEXT, BEXTI, BINV, BINVI, BSET,\n * BSETI) with bit indexes 0/1/31/32/63 and register indexes using only the low\n * 6 bits (64 -> 0, -1 -> 63).  Needs the B extension.\n * Self-checking: exit 0 = pass.", "".join(z)))
