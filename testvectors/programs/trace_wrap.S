/* trace_wrap.S - traces of 16 fused items longer than 255 bytes (docs/CKB_VM.md §3.4).
 * CKB-VM 0.24's assembly machine keeps a trace's byte length in a u8
 * (definitions/src/asm.rs Trace.length; machine/asm/mod.rs `as u8`): entering a
 * trace moves pc by that length (execute_x64.S `addq %rdx, PC_ADDRESS`), so a
 * trace of 256 + k bytes leaves pc k bytes after its start, and the machine
 * decodes and runs code from there again.  A length of exactly 0 is treated as
 * "no trace" and re-formed forever (ZeroLengthTrace here).  Only ADC and SBB
 * groups (five 4-byte instructions, 20 bytes) make 16 items longer than 255
 * bytes; three-part groups reach at most 16 * 12 = 192.
 *
 * Builds (build.sh), N = number of groups (ADC, or SBB with -DSBB), TAIL:
 *   1: c.nop; li a0,7; li a7,93; ecall        (13 ADC: 274 bytes of code)
 *   2: c.li a0,7; li a7,93; ecall              (14 ADC: 290 bytes)
 *   3: nop; nop; li a0,7; li a7,93; ecall      (14 ADC: the second trace is
 *      exactly 256 bytes long)
 *   4: nop; nop; jal ra, target  - the jal ends a 272-byte trace, so the asm
 *      machine takes its own address as 256 bytes lower: it lands 256 bytes
 *      before `target`, with ra = start + 16; there the program exits with
 *      ra - _start (16); at `target` itself it would exit 0.
 *   5: c.nop; c.nop; li a0,7; li a7,93; ecall  (13 SBB: the first trace is
 *      268 bytes, so pc goes back to the fourth instruction of group 1)
 *   6: a loop whose body is such a trace, run many times (the JIT translates
 *      it): head: addi s0,s0,-1; beqz s0,done; body: N groups; addi s1,s1,1;
 *      nop; jal head+256 - the jal ends a 272-byte trace, so the asm machine
 *      jumps to head; s0 starts at 10: 9 rounds, exit code s1 = 9.
 * Straight-line except TAIL 4; registers start at 0 apart from sp. */
    .option norvc
    .section .text.start, "ax"
    .globl _start

.macro ADC_GROUP
    add  t0, t0, t1
    sltu t1, t0, t1
    add  t0, t0, t2
    sltu t2, t0, t2
    or   t1, t1, t2
.endm
/* SBB as fused by CKB-VM (mop_sbb.S): sub X,A,X; sltu C,A,X; sub A,X,Y;
 * sltu Y,X,A; or X,Y,C with A=t0 X=t1 Y=t2 C=t3 */
.macro SBB_GROUP
    sub  t1, t0, t1
    sltu t3, t0, t1
    sub  t0, t1, t2
    sltu t2, t1, t0
    or   t1, t2, t3
.endm

#ifdef SBB
#define GROUP SBB_GROUP
#else
#define GROUP ADC_GROUP
#endif

_start:
#if TAIL == 6
    li   s0, 10
    li   s1, 0
head:
    addi s0, s0, -1
    beqz s0, done
#endif
    .rept N
    GROUP
    .endr
#if TAIL == 1
    .option rvc
    c.nop
    .option norvc
    li   a0, 7
    li   a7, 93
    ecall
#elif TAIL == 2
    .option rvc
    c.li a0, 7
    .option norvc
    li   a7, 93
    ecall
#elif TAIL == 3
    nop
    nop
    li   a0, 7
    li   a7, 93
    ecall
#elif TAIL == 4
    nop
    nop
    jal  ra, target           /* at _start + 268; trace length 272 -> 16 */
    li   a0, 1                /* not reached: the jal is always taken */
    li   a7, 93
    ecall
    .org 300                  /* _start + 300 = target - 256 */
landing:                      /* where the asm machine's jal goes */
    la   t0, _start
    sub  a0, ra, t0           /* the link it wrote: _start + 16 */
    li   a7, 93
    ecall
    .org 556
target:                       /* where the jal points */
    li   a0, 0
    li   a7, 93
    ecall
#elif TAIL == 5
    .option rvc
    c.nop
    c.nop
    .option norvc
    li   a0, 7
    li   a7, 93
    ecall
#elif TAIL == 6
    addi s1, s1, 1
    nop
    jal  zero, head + 256     /* the asm machine's jal lands on head */
done:
    mv   a0, s1
    li   a7, 93
    ecall
#endif
