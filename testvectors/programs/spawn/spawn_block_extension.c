/* spawn_block_extension - load_block_extension (2104, script version 2) where no block
 * extension exists: an existing cell dep gives ITEM_MISSING, every other source
 * INDEX_OUT_OF_BOUND (read from LoadBlockExtension::fetch_extension); the length word is not
 * written.  With argument 1: source 5 -> External; with 2: source 0 -> External. */
#include "spawn.h"

static uint8_t buf[64];

int main(int argc, char **argv) {
    unsigned long c = arg_number(argc, argv, 0);
    uint64_t len = 64;
    if (c == 1) ckb_load_block_extension(buf, &len, 0, 0, 5);
    if (c == 2) ckb_load_block_extension(buf, &len, 0, 0, 0);
    if (c != 0) return 50 + (int)c; /* not reached */
    check(1, ckb_load_block_extension(buf, &len, 0, 0, SRC_CELL_DEP) == CKB_ITEM_MISSING);
    check(2, len == 64);
    check(3, ckb_load_block_extension(buf, &len, 0, 1, SRC_CELL_DEP) == CKB_INDEX_OUT_OF_BOUND);
    check(4, ckb_load_block_extension(buf, &len, 0, 0, SRC_HEADER_DEP) == CKB_INDEX_OUT_OF_BOUND);
    check(5, ckb_load_block_extension(buf, &len, 0, 0, SRC_OUTPUT) == CKB_INDEX_OUT_OF_BOUND);
    check(6, ckb_load_block_extension(buf, &len, 0, 0, SRC_INPUT) == CKB_INDEX_OUT_OF_BOUND);
    check(7, ckb_load_block_extension(buf, &len, 0, 0, SRC_GROUP | SRC_INPUT) == CKB_INDEX_OUT_OF_BOUND);
    check(8, ckb_load_block_extension(buf, &len, 0, 0, SRC_GROUP | SRC_OUTPUT) == CKB_INDEX_OUT_OF_BOUND);
    check(9, ckb_load_block_extension(buf, &len, 0, 0, SRC_GROUP | SRC_CELL_DEP) == CKB_INDEX_OUT_OF_BOUND);
    check(10, ckb_load_block_extension(buf, &len, 0, 0, SRC_GROUP | SRC_HEADER_DEP) == CKB_INDEX_OUT_OF_BOUND);
    check(11, len == 64);
    return 0;
}
