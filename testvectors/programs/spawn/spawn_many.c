/* spawn_many - 40 children one after the other (each waited for before the next is
 * spawned; CKB's spawn_times test, rewritten with fewer rounds): ids keep counting up
 * (1..40) and the 17-VM limit counts only live VMs.  Child "exit" N exits with N. */
#include "spawn.h"

int main(int argc, char **argv) {
    if (str_eq(role(argc, argv), "exit")) return (int)to_long(argv[1]);
    char num[4];
    const char *a[] = {"exit", num};
    for (uint64_t i = 1; i <= 40; i++) {
        uint64_t pid = 0;
        int8_t code = 0;
        fmt_dec(num, i, 2);
        check(1, spawn_self(2, a, 0, &pid) == 0);
        check(2, pid == i);
        check(3, ckb_wait(pid, &code) == 0);
        check(4, code == (int8_t)i);
    }
    return 0;
}
