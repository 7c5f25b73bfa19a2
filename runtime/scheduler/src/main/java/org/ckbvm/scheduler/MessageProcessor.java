package org.ckbvm.scheduler;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.machine.Machine;
import org.ckbvm.memory.Memory;
import org.ckbvm.snapshot.SuspendableMachine;

/**
 * The scheduler's answers to yielding syscalls: ckb-script's {@code Scheduler::process_message_box}
 * (spawn, ExecV2, wait, pipe, read, write, inherited fds, close) and {@code Scheduler::process_io}
 * (the read/write rendezvous), with {@code boot_vm} and {@code load_vm_program} for the VMs they
 * create (docs/SPAWN.md §5.2-§5.4, §7.1, §8). Every reply is written into the caller's machine,
 * which is made instantiated first ({@code ensure_get_instantiated}).
 */
final class MessageProcessor {
    private static final int A0 = 10;

    private final ProcessTable table;
    private final VmPool vms;
    private final ScriptData data;
    private final MessageBox box;

    MessageProcessor(ProcessTable table, VmPool vms, ScriptData data, MessageBox box) {
        this.table = table;
        this.vms = vms;
        this.data = data;
        this.box = box;
    }

    /** {@code process_message_box}: every message, in the order posted. */
    void processMessageBox() {
        for (Message message : box.drain()) {
            if (message instanceof Message.ExecV2 m) {
                execV2(m);
            } else if (message instanceof Message.Spawn m) {
                spawn(m);
            } else if (message instanceof Message.Wait m) {
                waitFor(m);
            } else if (message instanceof Message.Pipe m) {
                pipe(m);
            } else if (message instanceof Message.FdRead m) {
                fdRead(m);
            } else if (message instanceof Message.FdWrite m) {
                fdWrite(m);
            } else if (message instanceof Message.InheritedFds m) {
                inheritedFds(m);
            } else if (message instanceof Message.Close m) {
                close(m);
            }
        }
    }

    private void reply(long vmId, long code) {
        vms.get(vmId).machine().setRegister(A0, code);
    }

    /**
     * {@code Message::ExecV2}: 75,000 to the caller's (just reset) counter; the program is loaded
     * (a missing item is {@code SnapshotDataLoadError}); a new machine with the same id and limit
     * takes the counter, the program and argv read from the old machine, and the load cost, then
     * replaces the old one. The VM keeps its id, fds, inherited list and state.
     */
    private void execV2(Message.ExecV2 m) {
        SuspendableMachine old = vms.instantiated(m.vmId());
        old.machine().addCycles(SchedulerConstants.EXEC_LOAD_ELF_V2_CYCLES_BASE);
        long oldCycles = old.machine().cycles();
        long maxCycles = old.machine().maxCycles();
        ScriptData.Program program = data.program(m.location());
        SuspendableMachine fresh = vms.create(m.vmId());
        fresh.machine().setMaxCycles(maxCycles);
        fresh.machine().addCycles(oldCycles);
        fresh.loadProgram(program.source(), program.offset(), program.elf(),
                () -> readArgs(m.vmId(), m.argc(), m.argv()));
        vms.replace(m.vmId(), fresh);
    }

    /**
     * {@code Message::Spawn}: an fd the caller does not own is INVALID_FD; 17 live VMs are
     * MAX_VMS_SPAWNED; otherwise the child is booted with the next id, the fds move to it, its
     * inherited list is recorded and its id stored at {@code process_id}.
     */
    private void spawn(Message.Spawn m) {
        for (long fd : m.fds()) {
            if (!table.owns(m.vmId(), fd)) {
                reply(m.vmId(), ReturnCode.INVALID_FD);
                return;
            }
        }
        if (vms.count() > SchedulerConstants.MAX_VMS_COUNT) {
            reply(m.vmId(), ReturnCode.MAX_VMS_SPAWNED);
            return;
        }
        long child = bootVm(m.location(), m.vmId(), m.argc(), m.argv());
        for (long fd : m.fds()) {
            table.fds.put(fd, child);
        }
        table.inheritedFds.put(child, m.fds());
        Machine caller = vms.get(m.vmId()).machine();
        caller.memory().store64(m.processIdAddr(), child);
        caller.setRegister(A0, ReturnCode.SUCCESS);
    }

    /**
     * {@code boot_vm} for a spawned VM: the next id, a fresh machine loaded with the program slice
     * and argv read from the spawner ({@code load_vm_program}, which charges the load cost to the
     * new machine); then it joins the instantiated VMs (suspending the smallest id while 4 are
     * instantiated) as Runnable. Any failure is a VM error of the whole script.
     */
    long bootVm(DataLocation location, long callerId, long argc, long argv) {
        long id = table.nextVmId;
        table.nextVmId = id + 1;
        SuspendableMachine sm = vms.create(id);
        ScriptData.Program program = data.program(location);
        sm.loadProgram(program.source(), program.offset(), program.elf(), () -> readArgs(callerId, argc, argv));
        vms.addBooted(id, sm);
        table.states.put(id, VmState.RUNNABLE);
        return id;
    }

    /**
     * {@code VmArgs::Reader}: argc pointers at {@code argv, argv + 8, ...} in VM {@code vmId}'s
     * memory, each a NUL-terminated string read byte by byte (ckb-vm {@code FlattenedArgsReader},
     * {@code load_c_string_byte_by_byte}; a fault is a VM error). ckb-vm reads them while it pushes
     * them on the new stack, which fails once they pass the memory size; so reading stops there
     * too, and the stack set-up then fails as it would have (docs/SPAWN.md §8, §12 item 1).
     */
    private List<byte[]> readArgs(long vmId, long argc, long argv) {
        Memory memory = vms.get(vmId).machine().memory();
        List<byte[]> args = new ArrayList<>();
        long bytes = 0;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        for (long i = 0; Long.compareUnsigned(i, argc) < 0 && bytes <= memory.size(); i++) {
            long address = memory.load64(argv + 8 * i);
            buffer.reset();
            for (long b = memory.load8(address); b != 0; b = memory.load8(++address)) {
                buffer.write((int) b);
            }
            args.add(buffer.toByteArray());
            bytes += buffer.size() + 1L;
        }
        return args;
    }

    /**
     * {@code Message::Wait}: a code kept in {@code terminated_vms} is stored (int8) and forgotten;
     * a target that is not a live VM is WAIT_FAILURE; otherwise the caller waits.
     */
    private void waitFor(Message.Wait m) {
        Integer code = table.terminatedVms.get(m.targetId());
        if (code != null) {
            Machine caller = vms.get(m.vmId()).machine();
            caller.memory().store8(m.exitCodeAddr(), code);
            caller.setRegister(A0, ReturnCode.SUCCESS);
            table.states.put(m.vmId(), VmState.RUNNABLE);
            table.terminatedVms.remove(m.targetId());
            return;
        }
        if (!table.states.containsKey(m.targetId())) {
            reply(m.vmId(), ReturnCode.WAIT_FAILURE);
            return;
        }
        table.states.put(m.vmId(), new VmState.Wait(m.targetId(), m.exitCodeAddr()));
    }

    /** {@code Message::Pipe}: MAX_FDS_CREATED at 64 open fds; else the next two fds, both the caller's. */
    private void pipe(Message.Pipe m) {
        if (table.fds.size() >= SchedulerConstants.MAX_FDS) {
            reply(m.vmId(), ReturnCode.MAX_FDS_CREATED);
            return;
        }
        long readEnd = table.nextFdSlot;
        long writeEnd = readEnd + 1;
        table.nextFdSlot = readEnd + 2;
        table.fds.put(readEnd, m.vmId());
        table.fds.put(writeEnd, m.vmId());
        Machine caller = vms.get(m.vmId()).machine();
        caller.memory().store64(m.fd1Addr(), readEnd);
        caller.memory().store64(m.fd1Addr() + 8, writeEnd);
        caller.setRegister(A0, ReturnCode.SUCCESS);
    }

    /** {@code Message::FdRead}: not the caller's fd is INVALID_FD, no write end OTHER_END_CLOSED; else it waits. */
    private void fdRead(Message.FdRead m) {
        if (refused(m.vmId(), m.fd())) {
            return;
        }
        table.states.put(m.vmId(), new VmState.WaitForRead(m.fd(), m.length(), m.bufferAddr(), m.lengthAddr()));
    }

    /** {@code Message::FdWrite}: as a read, then it waits with nothing consumed. */
    private void fdWrite(Message.FdWrite m) {
        if (refused(m.vmId(), m.fd())) {
            return;
        }
        table.states.put(m.vmId(), new VmState.WaitForWrite(m.fd(), 0, m.length(), m.bufferAddr(), m.lengthAddr()));
    }

    private boolean refused(long vmId, long fd) {
        if (!table.owns(vmId, fd)) {
            reply(vmId, ReturnCode.INVALID_FD);
            return true;
        }
        if (!table.fds.containsKey(ProcessTable.otherEnd(fd))) {
            reply(vmId, ReturnCode.OTHER_END_CLOSED);
            return true;
        }
        return false;
    }

    /**
     * {@code Message::InheritedFileDescriptor}: the root's list is empty, a child's the one given
     * at spawn; {@code min(*length, list length)} fds are copied, {@code *length} = the list length.
     */
    private void inheritedFds(Message.InheritedFds m) {
        List<Long> list = m.vmId() == SchedulerConstants.ROOT_VM_ID ? List.of() : table.inheritedFds.get(m.vmId());
        Machine caller = vms.get(m.vmId()).machine();
        Memory memory = caller.memory();
        long capacity = memory.load64(m.lengthAddr());
        long copy = Long.compareUnsigned(capacity, list.size()) < 0 ? capacity : list.size();
        for (int i = 0; i < copy; i++) {
            long address = m.bufferAddr() + 8L * i;
            if (Long.compareUnsigned(address, m.bufferAddr()) < 0) {
                throw new VmException(new VmError.MemOutOfBound(m.bufferAddr()));
            }
            memory.store64(address, list.get(i));
        }
        memory.store64(m.lengthAddr(), list.size());
        caller.setRegister(A0, ReturnCode.SUCCESS);
    }

    /** {@code Message::Close}: not the caller's fd is INVALID_FD; else it is gone. */
    private void close(Message.Close m) {
        if (!table.owns(m.vmId(), m.fd())) {
            reply(m.vmId(), ReturnCode.INVALID_FD);
            return;
        }
        table.fds.remove(m.fd());
        reply(m.vmId(), ReturnCode.SUCCESS);
    }

    /**
     * {@code process_io}, at the start of each iteration: first every blocked read or write whose
     * other end is closed ends (a read with 0 bytes, a write with what was taken), in id order,
     * reads first; then each blocked write meets the blocked read of its other end, if any, in
     * writer-id order: both made instantiated, {@code n = min(read length, write length -
     * consumed)} bytes copied, {@code ceil(n / 4)} charged to each side; the read ends, the write
     * ends once all its bytes were taken.
     */
    void processIo() {
        Map<Long, Long> readers = new TreeMap<>();
        Map<Long, VmState.WaitForRead> reads = new TreeMap<>();
        List<Long> closed = new ArrayList<>();
        for (Map.Entry<Long, VmState> e : table.states.entrySet()) {
            if (e.getValue() instanceof VmState.WaitForRead r) {
                if (table.fds.containsKey(ProcessTable.otherEnd(r.fd()))) {
                    readers.put(r.fd(), e.getKey());
                    reads.put(r.fd(), r);
                } else {
                    closed.add(e.getKey());
                }
            }
        }
        List<Rendezvous> pairs = new ArrayList<>();
        for (Map.Entry<Long, VmState> e : table.states.entrySet()) {
            if (e.getValue() instanceof VmState.WaitForWrite w) {
                long readEnd = ProcessTable.otherEnd(w.fd());
                if (table.fds.containsKey(readEnd)) {
                    Long reader = readers.get(readEnd);
                    if (reader != null) {
                        pairs.add(new Rendezvous(reader, reads.get(readEnd), e.getKey(), w));
                    }
                } else {
                    closed.add(e.getKey());
                }
            }
        }
        for (long vmId : closed) {
            VmState state = table.states.get(vmId);
            Machine machine = vms.get(vmId).machine();
            if (state instanceof VmState.WaitForRead r) {
                machine.memory().store64(r.lengthAddr(), 0);
            } else if (state instanceof VmState.WaitForWrite w) {
                machine.memory().store64(w.lengthAddr(), w.consumed());
            }
            machine.setRegister(A0, ReturnCode.SUCCESS);
            table.states.put(vmId, VmState.RUNNABLE);
        }
        for (Rendezvous pair : pairs) {
            transfer(pair.readerId(), pair.read(), pair.writerId(), pair.write());
        }
    }

    /** A blocked write and the blocked read on its other end, as recorded when {@link #processIo} paired them. */
    private record Rendezvous(long readerId, VmState.WaitForRead read, long writerId, VmState.WaitForWrite write) {}

    /** One rendezvous of {@link #processIo}. */
    private void transfer(long readerId, VmState.WaitForRead read, long writerId, VmState.WaitForWrite write) {
        vms.ensureInstantiated(readerId, writerId);
        long consumable = write.length() - write.consumed();
        long n = Long.compareUnsigned(read.length(), consumable) < 0 ? read.length() : consumable;
        Machine writer = vms.instantiated(writerId).machine();
        writer.addCycles(CostModel.transferredByteCycles(n));
        byte[] bytes = loadBytes(writer.memory(), write.bufferAddr() + write.consumed(), n);
        Machine reader = vms.instantiated(readerId).machine();
        reader.addCycles(CostModel.transferredByteCycles(n));
        reader.memory().storeBytes(read.bufferAddr(), bytes, 0, bytes.length);
        reader.memory().store64(read.lengthAddr(), n);
        reader.setRegister(A0, ReturnCode.SUCCESS);
        table.states.put(readerId, VmState.RUNNABLE);
        long consumed = write.consumed() + n;
        if (consumed == write.length()) {
            writer.memory().store64(write.lengthAddr(), write.length());
            writer.setRegister(A0, ReturnCode.SUCCESS);
            table.states.put(writerId, VmState.RUNNABLE);
        } else {
            table.states.put(writerId, new VmState.WaitForWrite(write.fd(), consumed, write.length(),
                    write.bufferAddr(), write.lengthAddr()));
        }
    }

    /** ckb-vm {@code load_bytes(addr, n)}: any length the guest asked for, bounds checked first. */
    private static byte[] loadBytes(Memory memory, long address, long n) {
        if (n == 0) {
            return new byte[0];
        }
        if (Long.compareUnsigned(n, memory.size()) > 0 || Long.compareUnsigned(address, memory.size() - n) > 0) {
            throw new VmException(new VmError.MemOutOfBound(address));
        }
        return memory.loadBytes(address, (int) n);
    }
}
