package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ChainSpec;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.Receipt;
import org.ckbvm.plugin.api.SourceId;
import org.ckbvm.plugin.api.TxHash;
import org.ckbvm.snapshot.ResumeException;
import org.ckbvm.snapshot.Snapshot;
import org.ckbvm.snapshot.SnapshotCodec;
import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.syscall.ScriptLayout;
import org.ckbvm.syscall.TransactionSyscalls;

/**
 * Executes one admitted transaction against a block's state. The outcome depends only on the
 * chain specification, the state, the transaction and the block number:
 * <ol>
 *   <li>a nonce other than the sender's next is {@link Receipt.Rejected} (nothing charged or changed);</li>
 *   <li>otherwise the nonce is consumed and the transaction is charged the intrinsic cost plus
 *       the cycles it ran, whatever the outcome;</li>
 *   <li>a Call boots the contract with the profile of the fork at its block; a Resume continues
 *       with the profile the execution started with; a Cancel drops the execution.</li>
 * </ol>
 * A local problem (storage, a data source that throws) is a {@link NodeFault}, never a receipt.
 */
final class TransactionProcessor {
    private final ChainSpec spec;
    private final DataSource dataSource;
    private final Engine engine;
    private final Consumer<String> debugSink;

    TransactionProcessor(ChainSpec spec, DataSource dataSource, Engine engine, Consumer<String> debugSink) {
        this.spec = spec;
        this.dataSource = dataSource;
        this.engine = engine;
        this.debugSink = debugSink;
    }

    /** The machine profile of the fork active at {@code block}. */
    static MachineConfig profileAt(ChainSpec spec, long block) {
        ChainSpec.Fork f = spec.forkAt(block);
        return new MachineConfig(f.machineVersion(), IsaFlags.parse(f.isa()), CostModel.parse(f.costModel()),
                f.memorySize());
    }

    Receipt execute(Admission admission, long block, BlockOverlay state) {
        if (admission instanceof Admission.Invalid invalid) {
            return new Receipt.Rejected(invalid.txHash(), invalid.execution(), invalid.error());
        }
        Admission.Valid valid = (Admission.Valid) admission;
        ContractRequest request = valid.request();
        Account sender = state.account(request.sender());
        if (request.nonce() != sender.nextNonce()) {
            return new Receipt.Rejected(request.txHash(), valid.execution(),
                    new ExecutionError.NonceMismatch(request.sender(), sender.nextNonce(), request.nonce()));
        }
        state.putAccount(request.sender(), sender.withNextNonce());
        long intrinsic = spec.intrinsicCycles() + spec.cyclesPerTransactionByte() * valid.size();
        Segment segment = new Segment(request, valid.execution(), intrinsic, state);
        GuardedDataSource guarded = new GuardedDataSource(dataSource);
        Receipt receipt;
        if (request instanceof ContractRequest.Call call) {
            receipt = segment.call(call, block, guarded);
        } else if (request instanceof ContractRequest.Resume resume) {
            receipt = segment.resume(resume, guarded);
        } else {
            receipt = segment.cancel((ContractRequest.Cancel) request);
        }
        guarded.rethrow();
        return receipt;
    }

    /** One transaction's run: its request, the execution it is about and what it is charged on top. */
    private final class Segment {
        private final ContractRequest request;
        private final TxHash execution;
        private final long intrinsic;
        private final BlockOverlay state;

        Segment(ContractRequest request, TxHash execution, long intrinsic, BlockOverlay state) {
            this.request = request;
            this.execution = execution;
            this.intrinsic = intrinsic;
            this.state = state;
        }

        Receipt call(ContractRequest.Call call, long block, DataSource data) {
            List<SourceId> blobs = new ArrayList<>(call.sources());
            blobs.add(0, call.code());
            for (SourceId id : blobs) {
                Optional<DataSlice> slice = data.load(id, 0, 1);
                if (slice.isEmpty()) {
                    return failed(new ExecutionError.MissingSource(id), 0, 0);
                }
                if (Long.compareUnsigned(slice.get().fullLength(), spec.maxBlobBytes()) > 0) {
                    return failed(new ExecutionError.LimitExceeded("max blob size", "blob " + id + " is "
                            + Long.toUnsignedString(slice.get().fullLength()) + " bytes, the chain allows "
                            + spec.maxBlobBytes()), 0, 0);
                }
            }
            MachineConfig profile = profileAt(spec, block);
            byte[] script = ScriptLayout.encode(call.code().bytes(), call.args());
            SuspendableMachine sm = SuspendableMachine.create(profile, data, call.sources(), debugSink,
                    syscalls(script));
            sm.machine().setEngine(engine);
            long limit = Math.min(call.cycleBudget(), spec.maxCyclesPerExecution());
            RunResult result;
            try {
                sm.loadProgram(call.code(), call.args());
                result = sm.run(limit);
            } catch (VmException e) {
                result = new RunResult.Failed(e.error());
            }
            SuspensionRecord started = new SuspensionRecord(call.txHash(), call.sender(), call.controllers(), profile,
                    call.code(), call.sources(), script, block, 0, 0, 0, new byte[32]);
            return conclude(sm, result, Optional.empty(), started, call.cycleBudget(),
                    limit == spec.maxCyclesPerExecution());
        }

        Receipt resume(ContractRequest.Resume resume, DataSource data) {
            Optional<SuspensionRecord> stored = state.record(resume.execution());
            if (stored.isEmpty()) {
                return failed(new ExecutionError.UnknownExecution(resume.execution()), 0, 0);
            }
            SuspensionRecord record = stored.get();
            long before = record.totalCycles();
            if (!record.mayAct(resume.sender())) {
                return failed(new ExecutionError.Unauthorized(resume.sender(), resume.execution()), 0, before);
            }
            Snapshot snapshot = state.snapshot(record);
            SuspendableMachine sm;
            try {
                sm = SuspendableMachine.resume(snapshot, data, record.profile(), debugSink, syscalls(record.script()));
            } catch (ResumeException e) {
                if (e.reason() instanceof ResumeException.Reason.MissingSource m) {
                    return failed(new ExecutionError.MissingSource(m.id()), 0, before);
                }
                throw CommittedState.corrupt("execution " + resume.execution(), "its snapshot does not resume: "
                        + e.getMessage());
            }
            sm.machine().setEngine(engine);
            long limit = before + resume.cycleBudget();   // both are bounded by the chain spec: no overflow
            boolean capped = limit >= spec.maxCyclesPerExecution();
            RunResult result = sm.run(capped ? spec.maxCyclesPerExecution() : limit);
            return conclude(sm, result, Optional.of(record), record, resume.cycleBudget(), capped);
        }

        Receipt cancel(ContractRequest.Cancel cancel) {
            Optional<SuspensionRecord> stored = state.record(cancel.execution());
            if (stored.isEmpty()) {
                return failed(new ExecutionError.UnknownExecution(cancel.execution()), 0, 0);
            }
            SuspensionRecord record = stored.get();
            if (!record.mayAct(cancel.sender())) {
                return failed(new ExecutionError.Unauthorized(cancel.sender(), cancel.execution()), 0,
                        record.totalCycles());
            }
            remove(record);
            return new Receipt.Cancelled(request.txHash(), execution, intrinsic, 0, record.totalCycles());
        }

        /**
         * Turns a run into a receipt and the state change. {@code previous} is the stored record
         * (a Resume) or empty (a Call); {@code base} is what the next record is made from.
         */
        private Receipt conclude(SuspendableMachine sm, RunResult result, Optional<SuspensionRecord> previous,
                                 SuspensionRecord base, long budget, boolean capped) {
            long before = previous.map(SuspensionRecord::totalCycles).orElse(0L);
            long total = sm.machine().cycles();
            long ran = total - before;
            if (result instanceof RunResult.CyclesExceeded && capped) {
                previous.ifPresent(this::remove);
                return failed(new ExecutionError.LimitExceeded("max cycles per execution", "the execution reached "
                        + "the chain's cap of " + spec.maxCyclesPerExecution() + " cycles"), ran, total);
            }
            if (result instanceof RunResult.CyclesExceeded) {
                Snapshot snapshot = sm.snapshot(Snapshot.Kind.V2);
                byte[] encoded = SnapshotCodec.encode(snapshot);
                if (encoded.length > spec.maxSnapshotBytes()) {
                    // a Call leaves nothing; a Resume leaves the execution as it was before it
                    return failed(new ExecutionError.LimitExceeded("max snapshot size", "the suspended state is "
                            + encoded.length + " bytes, the chain allows " + spec.maxSnapshotBytes()), ran, total);
                }
                Account owner = state.account(base.owner());
                if (previous.isEmpty() && owner.suspended() >= spec.maxSuspendedPerSender()) {
                    return failed(new ExecutionError.LimitExceeded("max suspended executions per sender", base.owner()
                            + " already has " + owner.suspended() + " suspended executions"), ran, total);
                }
                SuspensionRecord next = base.nextSegment(budget, total, snapshot.stateRoot());
                state.putExecution(next, snapshot, encoded);
                if (previous.isEmpty()) {
                    state.putAccount(base.owner(), owner.withSuspended(1));
                }
                return new Receipt.Suspended(request.txHash(), execution, intrinsic + ran, ran, total, next.segments(),
                        next.stateRoot(), encoded.length);
            }
            previous.ifPresent(this::remove);
            int segments = base.segments() + 1;
            if (result instanceof RunResult.Exited exited) {
                if (exited.exitCode() == 0) {
                    return new Receipt.Completed(request.txHash(), execution, intrinsic + ran, ran, total, segments,
                            sm.stateRoot());
                }
                return failed(new ExecutionError.NonZeroExit(exited.exitCode()), ran, total);
            }
            VmError error = ((RunResult.Failed) result).error();
            return failed(new ExecutionError.VmFailure(error.kind(), error.message()), ran, total);
        }

        private void remove(SuspensionRecord record) {
            state.removeExecution(record.execution());
            Address owner = record.owner();
            state.putAccount(owner, state.account(owner).withSuspended(-1));
        }

        private Receipt failed(ExecutionError error, long ran, long total) {
            return new Receipt.Failed(request.txHash(), execution, error, intrinsic + ran, ran, total);
        }

        private List<SyscallHandler> syscalls(byte[] script) {
            return List.of(new TransactionSyscalls(execution.bytes(), script));
        }
    }
}
