/* load_blob - loads a large data blob and a code blob from the transaction's sources
 * (CKB's load_cell_data 2092 and load_cell_data_as_code 2091, cell deps 0 and 1), checks every
 * byte of the data, calls the loaded code, and writes only a few bytes of its own.
 *   cell dep 0: blob_data.bin (192 KiB, byte i = (i * 131 + 7) & 0xff)
 *   cell dep 1: blob_code.bin (raw RV64 code: a0 = a0 + a1; ret)
 * Snapshot2 references the loaded pages by (source, offset) instead of copying them.
 * argv: [rounds] (default 2): how many times the data is re-checked.
 * Exit 0 = all checks passed; otherwise the number of the failing check. */
#include "ckb.h"

#define SYS_LOAD_CELL_DATA_AS_CODE 2091
#define SYS_LOAD_CELL_DATA 2092
#define SOURCE_CELL_DEP 3
#define DATA_AT 0x100000UL
#define CODE_AT 0x200000UL
#define DATA_SIZE (192UL * 1024)

static long syscall6(long n, long a0, long a1, long a2, long a3, long a4, long a5) {
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register long r_a3 __asm__("a3") = a3;
    register long r_a4 __asm__("a4") = a4;
    register long r_a5 __asm__("a5") = a5;
    register long r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a4), "r"(r_a5), "r"(r_a7)
                     : "memory");
    return r_a0;
}

static volatile uint64_t result; /* the few bytes this program writes */

int main(int argc, char **argv) {
    unsigned long rounds = arg_number(argc, argv, 2);
    uint64_t len = 0;
    /* a zero length only asks for the size */
    if (syscall6(SYS_LOAD_CELL_DATA, (long)DATA_AT, (long)&len, 0, 0, SOURCE_CELL_DEP, 0) != 0) return 1;
    if (len != DATA_SIZE) return 2;
    len = DATA_SIZE;
    if (syscall6(SYS_LOAD_CELL_DATA, (long)DATA_AT, (long)&len, 0, 0, SOURCE_CELL_DEP, 0) != 0) return 3;
    if (len != DATA_SIZE) return 4;
    /* a missing index is INDEX_OUT_OF_BOUND (1) */
    len = 16;
    if (syscall6(SYS_LOAD_CELL_DATA, (long)DATA_AT, (long)&len, 0, 7, SOURCE_CELL_DEP, 0) != 1) return 5;

    const volatile uint8_t *data = (const volatile uint8_t *)DATA_AT;
    uint64_t sum = 0;
    for (unsigned long r = 0; r < rounds; r++) {
        for (unsigned long i = 0; i < DATA_SIZE; i++) {
            if (data[i] != (uint8_t)(i * 131 + 7)) return 6;
            sum += data[i];
        }
    }
    result = sum;

    /* map the code blob as EXECUTABLE|FREEZED pages and call it */
    len = 0;
    if (syscall6(SYS_LOAD_CELL_DATA, (long)DATA_AT, (long)&len, 0, 1, SOURCE_CELL_DEP, 0) != 0) return 7;
    if (syscall6(SYS_LOAD_CELL_DATA_AS_CODE, (long)CODE_AT, 4096, 0, (long)len, 1, SOURCE_CELL_DEP) != 0) return 8;
    long (*add)(long, long) = (long (*)(long, long))CODE_AT;
    if (add(40, 2) != 42) return 9;
    /* a slice past the end of the blob is SLICE_OUT_OF_BOUND (3) */
    if (syscall6(SYS_LOAD_CELL_DATA_AS_CODE, (long)CODE_AT + 4096, 4096, 0, (long)len + 1, 1, SOURCE_CELL_DEP) != 3)
        return 10;
    return result == sum ? 0 : 11;
}
