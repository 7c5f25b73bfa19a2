#!/usr/bin/env python3
"""Independent check of unit-cost cycle counts: for every expectations.json
entry with cost_model "unit", no "mop" in isa, no args, status "exited" and a
program qemu can run (listed below), the expected cycles must equal the number
of instructions qemu executes (qemu-riscv64 -singlestep -d exec counts one
"Trace" line per instruction).  Unfused unit cycles are exactly the executed
instruction count, so this validates them without any CKB-VM model.
usage: qemu_counts.py"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TV = os.path.dirname(HERE)
QEMU_OK = set("""isa_rv64i isa_rv64m isa_rvc isa_zba isa_zbc isa_zbs isa_a a_probe b_probe_zba b_probe_zbb
b_probe_zbc b_probe_zbs mop_adc mop_sbb mop_sbb_zquirk mop_adcs mop_sbbs mop_add3 mop_wide mop_load_imm
mop_nearmiss mop_far_jump mop_jump_rel_reg mop_jump_abs_reg v_jalr_rd_rs1 v_jalr_rd_rs1_rvc rvc_pageend
exit0 v_rvc_hints_all always_success v_rvc_hint_caddi_imm0 v_rvc_hint_cnop_imm v_rvc_hint_cli_x0
v_rvc_hint_clui_x0 v_rvc_hint_cmv_x0 v_rvc_hint_cadd_x0 v_rvc_hint_cslli_x0 v_rvc_hint_cslli_shamt0""".split())


def qemu_count(prog):
    d = tempfile.mkdtemp()
    try:
        exe, log = os.path.join(d, "p"), os.path.join(d, "log")
        shutil.copy(os.path.join(TV, "elf", prog), exe)
        os.chmod(exe, 0o755)
        subprocess.run(["qemu-riscv64", "-cpu", "rv64,zba=true,zbb=true,zbc=true,zbs=true", "-singlestep",
                        "-d", "exec,nochain", "-D", log, exe], check=False)
        return sum(1 for line in open(log) if line.startswith("Trace"))
    finally:
        shutil.rmtree(d)


def main():
    ents = json.load(open(os.path.join(HERE, "expectations.json")))
    cache, bad, n = {}, 0, 0
    for e in ents:
        x = e["expect"]
        prog = os.path.basename(e["elf"])
        if (e["cost_model"] != "unit" or "mop" in e["isa"] or e["args"] or x["status"] != "exited"
                or x["cycles"] is None or prog not in QEMU_OK):
            continue
        if prog not in cache:
            cache[prog] = qemu_count(prog)
        n += 1
        ok = cache[prog] == x["cycles"]
        bad += not ok
        print(("ok  " if ok else "BAD ") + f"{e['name']}: expected {x['cycles']}, qemu executed {cache[prog]}")
    print(f"{n} checked, {bad} bad")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
