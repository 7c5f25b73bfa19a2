#!/usr/bin/env bash
# Build the compute-bound C benchmark programs (fib, sieve, sha256, secp256k1, sort, blake2b)
# natively with the host gcc, for the speed comparison of `ckbvm.jar bench`.
#   native/build.sh OUTDIR
# Same sources and -O2 as the RISC-V builds; native/ckb.h replaces programs/ckb.h
# (the sources include "ckb.h" from their own folder, so they are copied next to it).
# Nothing built here is committed.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROGS=$HERE/../programs
OUT=${1:?usage: native/build.sh OUTDIR}
CC=${HOST_CC:-gcc}
mkdir -p "$OUT"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cp "$PROGS"/*.c "$PROGS"/*.h "$WORK"/
cp "$HERE/ckb.h" "$WORK/ckb.h"
for p in fib sieve sha256 secp256k1 sort blake2b; do
  "$CC" -O2 -fno-stack-protector -fno-tree-loop-distribute-patterns -Wall -Werror \
        -o "$OUT/$p" "$WORK/$p.c"
done
echo "built native fib sieve sha256 secp256k1 sort blake2b into $OUT"
