#!/usr/bin/env bash
# Rebuild every test ELF into testvectors/elf/ deterministically.
#   build.sh          rebuild testvectors/elf/*
#   build.sh --check  rebuild into a temp dir and fail (naming the file) if any
#                     committed ELF differs byte for byte, is missing, or is extra.
# Needs only Debian's gcc-riscv64-unknown-elf (riscv64-unknown-elf-gcc 12.2,
# binutils 2.40) and python3.  Works from any working directory.
set -euo pipefail
export LC_ALL=C TZ=UTC SOURCE_DATE_EPOCH=0

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROGS=$HERE/programs
CC=${RISCV_CC:-riscv64-unknown-elf-gcc}
PY=${PYTHON:-python3}

mode=build
case "${1:-}" in
  --check) mode=check ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if [[ $mode == check ]]; then
  OUT=$(mktemp -d)
  TMPOUT=$OUT
else
  OUT=$HERE/elf
  mkdir -p "$OUT"
  rm -f "$OUT"/*
fi

command -v "$CC" >/dev/null || { echo "missing $CC (apt-get install gcc-riscv64-unknown-elf)" >&2; exit 1; }

# Fixed flags: no debug info, no build-id; sources are passed by relative name
# from programs/ so no path is embedded.  Assembly programs use -mno-relax so
# every instruction sequence stays exactly as written (cycle counts and fusion
# patterns depend on it).  C programs are linked WITH relaxation so that calls
# become `jal ra, f`: an unrelaxed `auipc ra; jalr ra, lo(ra)` has rd == rs1,
# which CKB-VM version 0 executes wrongly (docs/CKB_VM.md §1.2 item 1).
COMMON=(-mabi=lp64 -mcmodel=medlow -nostdlib -nostartfiles -ffreestanding
        -static -g0 -fno-pic -fno-asynchronous-unwind-tables -fno-unwind-tables
        -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments)
COPT=(-O2 -fno-stack-protector -fno-tree-loop-distribute-patterns -fno-builtin -Wall -Werror)

IMC=rv64imc
B=rv64imc_zba_zbb_zbc_zbs
A=rv64imac

# Objects are compiled into a scratch directory with fixed names and linked
# from there, so the file symbols that end up in the ELF are just "main.o" etc.
# (a one-step gcc compile+link would embed a random /tmp/ccXXXXXX.o name).
WORK=$(mktemp -d)
trap 'rm -rf "$WORK" ${TMPOUT:-}' EXIT
link() {  # link NAME MARCH OBJ...
  local name=$1 march=$2; shift 2
  (cd "$WORK/$name" && "$CC" -march="$march" "${COMMON[@]}" -Wl,-T,"$PROGS/link.ld" "$@" -o "$OUT/$name")
  "$PY" "$PROGS/fixelf.py" "$OUT/$name"
}
# asm NAME MARCH SOURCE [extra gcc flags...]
asm() {
  local name=$1 march=$2 src=$3; shift 3
  mkdir -p "$WORK/$name"
  (cd "$PROGS" && "$CC" -march="$march" "${COMMON[@]}" -mno-relax "$@" -c "$src" -o "$WORK/$name/main.o")
  link "$name" "$march" -mno-relax main.o
}
# c NAME MARCH SOURCE
c() {
  local name=$1 march=$2 src=$3
  mkdir -p "$WORK/$name"
  (cd "$PROGS" && "$CC" -march="$march" "${COMMON[@]}" -c crt0.S -o "$WORK/$name/crt0.o" &&
                  "$CC" -march="$march" "${COMMON[@]}" "${COPT[@]}" -c "$src" -o "$WORK/$name/main.o" &&
                  "$CC" -march="$march" "${COMMON[@]}" "${COPT[@]}" -c libc_min.c -o "$WORK/$name/libc_min.o")
  link "$name" "$march" crt0.o main.o libc_min.o
}

# ---- ISA coverage ----
asm isa_rv64i  $IMC isa_rv64i.S
asm isa_rv64m  $IMC isa_rv64m.S
asm isa_rvc    $IMC isa_rvc.S
asm isa_zba    $B   isa_zba.S
asm isa_zbb    $B   isa_zbb.S
asm isa_zbc    $B   isa_zbc.S
asm isa_zbs    $B   isa_zbs.S
asm isa_a      $A   isa_a.S

# ---- B / A availability probes ----
asm a_probe     $A   a_probe.S
asm b_probe_zba $B   b_probe.S -DZBA
asm b_probe_zbb $B   b_probe.S -DZBB
asm b_probe_zbc $B   b_probe.S -DZBC
asm b_probe_zbs $B   b_probe.S -DZBS

# ---- version differences (docs/CKB_VM.md §1.2 / §1.3) ----
asm v_jalr_rd_rs1      $IMC v_jalr_rd_rs1.S
asm v_jalr_rd_rs1_rvc  $IMC v_jalr_rd_rs1_rvc.S
asm v_load_at_end_ld    $IMC v_load_at_end.S -DINSN=ld    -DWIDTH=8
asm v_load_at_end_lw    $IMC v_load_at_end.S -DINSN=lw    -DWIDTH=4
asm v_load_at_end_lwu   $IMC v_load_at_end.S -DINSN=lwu   -DWIDTH=4
asm v_load_at_end_lh    $IMC v_load_at_end.S -DINSN=lh    -DWIDTH=2
asm v_load_at_end_lhu   $IMC v_load_at_end.S -DINSN=lhu   -DWIDTH=2
asm v_load_at_end_lb    $IMC v_load_at_end.S -DINSN=lb    -DWIDTH=1
asm v_load_at_end_lbu   $IMC v_load_at_end.S -DINSN=lbu   -DWIDTH=1
asm v_load_at_end_cld   $IMC v_load_at_end.S -DINSN=c.ld  -DWIDTH=8
asm v_load_at_end_clw   $IMC v_load_at_end.S -DINSN=c.lw  -DWIDTH=4
asm v_load_at_end_cldsp $IMC v_load_at_end.S -DINSN=c.ldsp -DWIDTH=8 -DRVC_SP
asm v_load_at_end_clwsp $IMC v_load_at_end.S -DINSN=c.lwsp -DWIDTH=4 -DRVC_SP
asm v_store_at_end     $IMC v_store_at_end.S
asm v_argv_stack       $IMC v_argv_stack.S
asm v_rvc_hint_caddi_imm0   $IMC v_rvc_hint.S -DHINT=0x0501
asm v_rvc_hint_cnop_imm     $IMC v_rvc_hint.S -DHINT=0x0005
asm v_rvc_hint_cli_x0       $IMC v_rvc_hint.S -DHINT=0x4005
asm v_rvc_hint_clui_x0      $IMC v_rvc_hint.S -DHINT=0x6005
asm v_rvc_hint_cmv_x0       $IMC v_rvc_hint.S -DHINT=0x802a
asm v_rvc_hint_cadd_x0      $IMC v_rvc_hint.S -DHINT=0x902a
asm v_rvc_hint_cslli_x0     $IMC v_rvc_hint.S -DHINT=0x0006
asm v_rvc_hint_cslli_shamt0 $IMC v_rvc_hint.S -DHINT=0x0502
asm v_rvc_hints_all         $IMC v_rvc_hint.S -DALL
asm v_trace_alias      $IMC v_trace_alias.S

# ---- macro-op fusion (mop_*.S are generated by gen_mop.py, committed) ----
asm mop_adc            $IMC mop_adc.S
asm mop_sbb            $IMC mop_sbb.S
asm mop_sbb_zquirk     $IMC mop_sbb_zquirk.S
asm mop_adcs           $IMC mop_adcs.S
asm mop_sbbs           $IMC mop_sbbs.S
asm mop_add3           $IMC mop_add3.S
asm mop_wide           $IMC mop_wide.S
asm mop_load_imm       $IMC mop_load_imm.S
asm mop_nearmiss       $IMC mop_nearmiss.S
asm mop_far_jump       $IMC mop_far_jump.S
asm mop_mid_entry      $IMC mop_mid_entry.S
asm mop_jump_rel_reg   $IMC mop_jump_rel_reg.S
asm mop_jump_abs_reg   $IMC mop_jump_abs_reg.S
asm mop_jump_rel_overflow $IMC mop_jump_rel_overflow.S
asm mop_jump_abs_overflow $IMC mop_jump_abs_overflow.S

# ---- traces longer than 255 bytes: the asm machine's u8 trace length (docs/CKB_VM.md §3.4) ----
asm trace_wrap_adc13       $IMC trace_wrap.S -DN=13 -DTAIL=1
asm trace_wrap_adc14_cli   $IMC trace_wrap.S -DN=14 -DTAIL=2
asm trace_wrap_adc14_zero  $IMC trace_wrap.S -DN=14 -DTAIL=3
asm trace_wrap_adc13_jal   $IMC trace_wrap.S -DN=13 -DTAIL=4
asm trace_wrap_sbb13       $IMC trace_wrap.S -DN=13 -DTAIL=5 -DSBB
asm trace_wrap_adc13_loop  $IMC trace_wrap.S -DN=13 -DTAIL=6

# ---- run-time errors and limits ----
asm err_store_code     $IMC err_store_code.S
asm err_exec_data      $IMC err_exec_data.S
asm err_exec_rodata    $IMC err_exec_rodata.S
asm err_jump_oob       $IMC err_jump_oob.S
asm err_load_oob       $IMC err_load_oob.S
asm err_store_oob      $IMC err_store_oob.S
asm err_illegal_zero   $IMC err_illegal_zero.S
asm err_csr            $IMC err_csr.S
asm err_unknown_ecall  $IMC err_unknown_ecall.S
asm err_debug_utf8     $IMC err_debug_utf8.S
asm err_insn_straddle  $IMC err_insn_straddle.S
asm quirk_store_rodata $IMC quirk_store_rodata.S
asm rvc_pageend        $IMC rvc_pageend.S
asm loop_forever       $IMC loop_forever.S
asm exit0              $IMC exit0.S
asm ebreak             $IMC ebreak.S

# ---- syscalls ----
asm sys_debug               $IMC sys_debug.S
asm sys_vm_version          $IMC sys_vm_version.S
asm sys_current_cycles      $IMC sys_current_cycles.S
asm sys_current_cycles_diff $IMC sys_current_cycles_diff.S

# ---- compute-bound C programs (-O2) ----
c fib    $IMC fib.c
c sieve  $IMC sieve.c
c sha256 $IMC sha256.c
c secp256k1 $IMC secp256k1.c
c sort   $IMC sort.c
c blake2b $IMC blake2b.c

# ---- script version 2: spawn, pipes, exec (programs/spawn/, docs/SPAWN.md) ----
for p in spawn_simple spawn_pipe_rw spawn_inherited_fds spawn_process_id spawn_close \
         spawn_invalid_fd spawn_write_deadlock spawn_wait_deadlock spawn_wait_self \
         spawn_wait_errors spawn_wait_twice spawn_max_vms spawn_max_fds spawn_recursive \
         spawn_recursive_limit spawn_many spawn_exec spawn_exec_errors spawn_errors \
         spawn_block_extension spawn_io spawn_cycles; do
  c "$p" $IMC "spawn/$p.c"
done

# ---- script version 1: in-place exec (programs/exec_v1/, docs/SPAWN.md §7.2) ----
c exec_v1   $IMC exec_v1/exec_v1.c
c exec_v1_b $IMC exec_v1/exec_v1_b.c
# exec_v1_b behind 4219 bytes of filler (EXEC_V1_PAD in exec_v1/exec_v1.h): exec from an offset
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes((i * 37 + 11) & 0xff for i in range(4219)) + open(sys.argv[1], "rb").read())' \
  "$OUT/exec_v1_b" > "$OUT/exec_v1_b.pad"

# ---- sources: a program that loads blobs, and the raw blobs it loads (not ELFs) ----
c load_blob $IMC load_blob.c
(cd "$PROGS" && "$CC" -march=$IMC "${COMMON[@]}" -mno-relax -c blob_code.S -o "$WORK/blob_code.o")
"${RISCV_OBJCOPY:-riscv64-unknown-elf-objcopy}" -O binary -j .text "$WORK/blob_code.o" "$OUT/blob_code.bin"
"$PY" -c 'import sys; sys.stdout.buffer.write(bytes((i * 131 + 7) & 0xff for i in range(192 * 1024)))' > "$OUT/blob_data.bin"

# ---- hand-made ELFs (always_success, malformed ELFs, segment-layout quirks) ----
"$PY" "$PROGS/mkelf.py" "$OUT"
chmod 0644 "$OUT"/*

if [[ $mode == check ]]; then
  status=0
  for f in "$OUT"/*; do
    n=$(basename "$f")
    if [[ ! -f "$HERE/elf/$n" ]]; then echo "MISSING in elf/: $n" >&2; status=1
    elif ! cmp -s "$f" "$HERE/elf/$n"; then echo "DIFFERS: elf/$n" >&2; status=1; fi
  done
  for f in "$HERE"/elf/*; do
    n=$(basename "$f")
    [[ -f "$OUT/$n" ]] || { echo "EXTRA in elf/ (not built): $n" >&2; status=1; }
  done
  [[ $status == 0 ]] && echo "OK: $(ls "$OUT" | wc -l) ELFs identical to testvectors/elf/"
  exit $status
fi
echo "built $(ls "$OUT" | wc -l) files (ELFs and blobs) into $OUT"
