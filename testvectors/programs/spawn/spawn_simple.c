/* spawn_simple - spawn + wait: the child's exit code comes back through wait, process ids
 * count up from 1, argv reaches the child as given (empty strings too).
 * Root: no arguments.  Children (same ELF, cell dep 0):
 *   "exit" N    exits with N (may be negative)
 *   "args" ...  checks it got exactly {"args", "", "a b", "xyz"} and a NULL after them */
#include "spawn.h"

int main(int argc, char **argv) {
    const char *r = role(argc, argv);
    if (str_eq(r, "exit")) {
        check(60, argc == 2);
        return (int)to_long(argv[1]);
    }
    if (str_eq(r, "args")) {
        check(61, argc == 4);
        check(62, str_eq(argv[1], ""));
        check(63, str_eq(argv[2], "a b"));
        check(64, str_eq(argv[3], "xyz"));
        check(65, argv[4] == 0);
        check(66, ckb_process_id() == 3);
        return 0;
    }
    check(1, ckb_process_id() == 0);
    uint64_t pid = 777;
    int8_t code = 0;
    const char *a1[] = {"exit", "42"};
    check(2, spawn_self(2, a1, 0, &pid) == 0);
    check(3, pid == 1);
    check(4, ckb_wait(pid, &code) == 0);
    check(5, code == 42);

    const char *a2[] = {"exit", "-3"};
    check(6, spawn_self(2, a2, 0, &pid) == 0);
    check(7, pid == 2);
    check(8, ckb_wait(pid, &code) == 0);
    check(9, code == -3);

    const char *a3[] = {"args", "", "a b", "xyz"};
    check(10, spawn_self(4, a3, 0, &pid) == 0);
    check(11, pid == 3);
    code = 99;
    check(12, ckb_wait(pid, &code) == 0);
    check(13, code == 0);
    return 0;
}
