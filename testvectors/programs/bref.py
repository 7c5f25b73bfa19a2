"""Reference implementations of the B-extension operations (RV64), used by
gen_isa_b.py and refmodel.py."""
M=(1<<64)-1
def u(x): return x&M
def s(x): x&=M; return x-(1<<64) if x>>63 else x
def sx32(x): x&=0xffffffff; return u(x-(1<<32) if x>>31 else x)
def clz(x): x=u(x); return 64-x.bit_length()
def ctz(x): x=u(x); return 64 if x==0 else (x&-x).bit_length()-1
def clzw(x): x&=0xffffffff; return 32-x.bit_length()
def ctzw(x): x&=0xffffffff; return 32 if x==0 else (x&-x).bit_length()-1
def cpop(x): return bin(u(x)).count('1')
def cpopw(x): return bin(x&0xffffffff).count('1')
def rol(a,n): n&=63; a=u(a); return u((a<<n)|(a>>(64-n))) if n else a
def ror(a,n): n&=63; a=u(a); return u((a>>n)|(a<<(64-n))) if n else a
def rolw(a,n): n&=31; a&=0xffffffff; return sx32(((a<<n)|(a>>(32-n))) if n else a)
def rorw(a,n): n&=31; a&=0xffffffff; return sx32(((a>>n)|(a<<(32-n))) if n else a)
def orcb(x):
    r=0
    for i in range(8):
        if (x>>(8*i))&0xff: r|=0xff<<(8*i)
    return r
def rev8(x): return int.from_bytes(u(x).to_bytes(8,'little'),'big')
def sextb(x): x&=0xff; return u(x-256 if x>>7 else x)
def sexth(x): x&=0xffff; return u(x-65536 if x>>15 else x)
def clmul(a,b):
    r=0
    for i in range(64):
        if (b>>i)&1: r^=a<<i
    return u(r)
def clmulh(a,b):
    r=0
    for i in range(1,64):
        if (b>>i)&1: r^=a>>(64-i)
    return u(r)
def clmulr(a,b):
    r=0
    for i in range(64):
        if (b>>i)&1: r^=a>>(64-i-1)
    return u(r)
