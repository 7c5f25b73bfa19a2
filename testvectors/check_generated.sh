#!/usr/bin/env bash
# Checks that the committed outputs of the generators in programs/ are what the generators write
# now, as build.sh --check does for the ELFs: gen_mop.py (mop_*.S), gen_isa_b.py (isa_zb*.S),
# gen_secp256k1.py (secp256k1_vector.h), gen_expectations.py (expectations.json; it reads the
# committed ELFs and needs riscv64-unknown-elf-objdump) and spawn/schedmodel.py --json
# (spawn/expected.json, the scheduler model's outcomes and cycles) and exec_v1/execmodel.py --json
# (exec_v1/expected.json, version 1's in-place exec). The generators run on a copy; every file
# that differs, appears or disappears is named, and the exit status is 1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$here" "$tmp/testvectors"
p="$tmp/testvectors/programs"
(
  cd "$p"
  python3 gen_mop.py >/dev/null
  python3 gen_isa_b.py >/dev/null
  python3 gen_secp256k1.py > secp256k1_vector.h
  python3 gen_expectations.py >/dev/null
  python3 spawn/schedmodel.py --json > spawn/expected.json
  python3 exec_v1/execmodel.py --json > exec_v1/expected.json
)
rm -rf "$p/__pycache__"
if diff -rq --exclude=__pycache__ "$here/programs" "$p"; then
  echo "generated sources and expectations.json are up to date"
else
  echo "a committed generator output differs from what its generator writes (see above);" \
       "run the generator in testvectors/programs and commit its output" >&2
  exit 1
fi
