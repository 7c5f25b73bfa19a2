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
  trap 'rm -rf "$OUT"' EXIT
else
  OUT=$HERE/elf
  mkdir -p "$OUT"
  rm -f "$OUT"/*
fi

command -v "$CC" >/dev/null || { echo "missing $CC (apt-get install gcc-riscv64-unknown-elf)" >&2; exit 1; }

# Fixed flags.  -mno-relax keeps every instruction sequence exactly as written
# (cycle counts and fusion patterns depend on it); no debug info, no build-id;
# sources are passed by relative name from programs/ so no path is embedded.
COMMON=(-mabi=lp64 -mcmodel=medlow -mno-relax -nostdlib -nostartfiles -ffreestanding
        -static -g0 -fno-pic -fno-asynchronous-unwind-tables -fno-unwind-tables
        -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments
        -Wl,-T,link.ld)
COPT=(-O2 -fno-stack-protector -fno-tree-loop-distribute-patterns -fno-builtin -Wall -Werror)

IMC=rv64imc
B=rv64imc_zba_zbb_zbc_zbs
A=rv64imac

# asm NAME MARCH SOURCE [extra gcc flags...]
asm() {
  local name=$1 march=$2 src=$3; shift 3
  (cd "$PROGS" && "$CC" -march="$march" "${COMMON[@]}" "$@" "$src" -o "$OUT/$name")
  "$PY" "$PROGS/fixelf.py" "$OUT/$name"
}
# c NAME MARCH SOURCE...
c() {
  local name=$1 march=$2; shift 2
  (cd "$PROGS" && "$CC" -march="$march" "${COMMON[@]}" "${COPT[@]}" crt0.S "$@" libc_min.c -o "$OUT/$name")
  "$PY" "$PROGS/fixelf.py" "$OUT/$name"
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

[[ -f "$PROGS/programs.sh" ]] && source "$PROGS/programs.sh"

# ---- hand-made ELFs (always_success, malformed ELFs, segment-layout quirks) ----
"$PY" "$PROGS/mkelf.py" "$OUT"

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
echo "built $(ls "$OUT" | wc -l) ELFs into $OUT"
