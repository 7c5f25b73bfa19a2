package org.ckbvm.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * ckb-script's message box: the syscalls of every VM post here, the scheduler drains it after each
 * run. A run ends at the first yield, so the box holds at most one message when it is drained.
 */
final class MessageBox {
    private final List<Message> messages = new ArrayList<>(1);

    void post(Message message) {
        messages.add(message);
    }

    /** Every message posted since the last drain, in order; the box is empty afterwards. */
    List<Message> drain() {
        if (messages.isEmpty()) {
            return List.of();
        }
        List<Message> drained = List.copyOf(messages);
        messages.clear();
        return drained;
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }
}
