# blob_code - raw code loaded by load_blob through load_cell_data_as_code: a0 = a0 + a1; return.
.option norvc
.text
.globl add2
add2:
    add a0, a0, a1
    ret
