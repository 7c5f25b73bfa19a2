package org.ckbvm.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.ckbvm.error.VmError;
import org.ckbvm.isa.CostModel;
import org.ckbvm.isa.IsaFlags;
import org.ckbvm.machine.Engine;
import org.ckbvm.machine.MachineConfig;
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
import org.ckbvm.scheduler.Scheduler;
import org.ckbvm.scheduler.SchedulerConstants;
import org.ckbvm.scheduler.SchedulerStateError;
import org.ckbvm.scheduler.SchedulerStateException;
import org.ckbvm.scheduler.ScriptEnvironment;
import org.ckbvm.scheduler.ScriptResult;
import org.ckbvm.snapshot.ResumeException;
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
 * A contract runs as ckb-script runs a script: in a {@link Scheduler}, so that on machine version 2
 * it may spawn child VMs and exec other programs from its cell deps (docs/SPAWN.md); a suspension
 * keeps every VM ({@link SuspendedScript}).
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
            Scheduler scheduler = Scheduler.start(environment(profile, data, call.code(), call.sources(), script)
                    .withRootArgs(call.args()));
            long limit = Math.min(call.cycleBudget(), spec.maxCyclesPerExecution());
            ScriptResult result = scheduler.run(limit);
            SuspensionRecord started = new SuspensionRecord(SuspensionRecord.Form.MACHINE, call.txHash(), call.sender(),
                    call.controllers(), profile, call.code(), call.sources(), script, block, 0, 0, 0, new byte[32]);
            return conclude(scheduler, result, Optional.empty(), started, call.cycleBudget(),
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
            SuspendedScript suspended = state.suspended(record);
            Scheduler scheduler;
            try {
                // the root argv only matters at boot, which happened in the first segment
                scheduler = Scheduler.resume(suspended.state(), environment(record.profile(), data, record.program(),
                        record.sources(), record.script()));
            } catch (SchedulerStateException e) {
                if (e.reason() instanceof SchedulerStateError.VmResumeFailed f
                        && f.reason() instanceof ResumeException.Reason.MissingSource m) {
                    return failed(new ExecutionError.MissingSource(m.id()), 0, before);
                }
                throw CommittedState.corrupt("execution " + resume.execution(), "its state does not resume: "
                        + e.getMessage());
            }
            long limit = before + resume.cycleBudget();   // both are bounded by the chain spec: no overflow
            boolean capped = limit >= spec.maxCyclesPerExecution();
            ScriptResult result = scheduler.run(capped ? spec.maxCyclesPerExecution() : limit);
            return conclude(scheduler, result, Optional.of(record), record, resume.cycleBudget(), capped);
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
         * (a Resume) or empty (a Call); {@code base} is what the next record is made from. The
         * cycles are the script's, all VMs together (ckb-script's {@code Scheduler::run}); the last
         * syscall or iteration before a stop is charged in full, as in ckb.
         */
        private Receipt conclude(Scheduler scheduler, ScriptResult result, Optional<SuspensionRecord> previous,
                                 SuspensionRecord base, long budget, boolean capped) {
            long before = previous.map(SuspensionRecord::totalCycles).orElse(0L);
            long total = result.cycles();
            long ran = total - before;
            if (result instanceof ScriptResult.Suspended && capped) {
                previous.ifPresent(this::remove);
                return failed(new ExecutionError.LimitExceeded("max cycles per execution", "the execution reached "
                        + "the chain's cap of " + spec.maxCyclesPerExecution() + " cycles"), ran, total);
            }
            if (result instanceof ScriptResult.Suspended) {
                SuspendedScript suspended = SuspendedScript.of(scheduler.suspend());
                if (suspended.size() > spec.maxSnapshotBytes()) {
                    // a Call leaves nothing; a Resume leaves the execution as it was before it
                    return failed(new ExecutionError.LimitExceeded("max snapshot size", "the suspended state is "
                            + suspended.size() + " bytes, the chain allows " + spec.maxSnapshotBytes()), ran, total);
                }
                Account owner = state.account(base.owner());
                if (previous.isEmpty() && owner.suspended() >= spec.maxSuspendedPerSender()) {
                    return failed(new ExecutionError.LimitExceeded("max suspended executions per sender", base.owner()
                            + " already has " + owner.suspended() + " suspended executions"), ran, total);
                }
                SuspensionRecord next = base.nextSegment(budget, suspended);
                state.putExecution(next, suspended);
                if (previous.isEmpty()) {
                    state.putAccount(base.owner(), owner.withSuspended(1));
                }
                return new Receipt.Suspended(request.txHash(), execution, intrinsic + ran, ran, total, next.segments(),
                        next.stateRoot(), suspended.size());
            }
            previous.ifPresent(this::remove);
            int segments = base.segments() + 1;
            if (result instanceof ScriptResult.Exited exited) {
                if (exited.exitCode() == 0) {
                    return new Receipt.Completed(request.txHash(), execution, intrinsic + ran, ran, total, segments,
                            scheduler.vmRoots().get(SchedulerConstants.ROOT_VM_ID));
                }
                return failed(new ExecutionError.NonZeroExit(exited.exitCode()), ran, total);
            }
            VmError error = ((ScriptResult.Failed) result).error();
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

        /** What every VM of the script runs with; load_tx_hash and load_script come from the plugin. */
        private ScriptEnvironment environment(MachineConfig profile, DataSource data, SourceId program,
                                              List<SourceId> sources, byte[] script) {
            List<SyscallHandler> host = List.of(new TransactionSyscalls(execution.bytes(), script));
            return new ScriptEnvironment(profile, data, program, sources, List.of(), debugSink, host, engine);
        }
    }
}
