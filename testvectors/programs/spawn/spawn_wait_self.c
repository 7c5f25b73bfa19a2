/* spawn_wait_self - the root waits for itself: it is a live VM, so the wait blocks, no VM
 * is runnable and the scheduler reports a deadlock (read from Scheduler::process_message_box). */
#include "spawn.h"

int main(void) {
    int8_t code = 0;
    ckb_wait(0, &code);
    return 1; /* not reached */
}
