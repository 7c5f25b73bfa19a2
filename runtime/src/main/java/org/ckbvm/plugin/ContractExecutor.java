package org.ckbvm.plugin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.ckbvm.error.VmError;
import org.ckbvm.error.VmException;
import org.ckbvm.machine.MachineConfig;
import org.ckbvm.machine.RunResult;
import org.ckbvm.machine.SyscallHandler;
import org.ckbvm.plugin.api.Address;
import org.ckbvm.plugin.api.ContractExecutionService;
import org.ckbvm.plugin.api.ContractRequest;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.ExecutionError;
import org.ckbvm.plugin.api.ExecutionLimits;
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
 * Executes contract transactions: a Call boots the contract with its budget; when the budget
 * runs out the execution is suspended into the ledger (durably, before the receipt) under the
 * Call's hash; a Resume from the owner or a controller pays more and continues it; a Cancel
 * drops it. Cycles are the gas: a segment may use at most its transaction's budget, and any
 * sequence of segments ends in the state of one uninterrupted run.
 *
 * <p>Independent executions run in parallel; transactions on one execution hold its lock, so its
 * segments run one after another.
 *
 * <p>The operator's {@link ExecutionLimits} are enforced here (the store enforces snapshot and store
 * size again on its side): a budget above the per-segment cap or a blob above the blob cap is
 * refused before anything runs; the per-execution cap stops the run and fails the execution; a
 * suspension that is too large, would pass the sender's quota or does not fit in the store is
 * refused with {@link ExecutionError.LimitExceeded}: a Call then leaves nothing stored, a Resume
 * leaves the execution exactly as it was before (not recorded as executed, so it may be retried).
 */
public final class ContractExecutor implements ContractExecutionService {
    private final long chainId;
    private final MachineConfig config;
    private final DataSource dataSource;
    private final ExecutionLedger ledger;
    private final ExecutorService pool;
    private final Consumer<String> debugSink;
    private final ExecutionLimits limits;
    private final ConcurrentHashMap<TxHash, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Address, ReentrantLock> senderLocks = new ConcurrentHashMap<>();

    /** Without operator limits ({@link ExecutionLimits#unlimited()}). */
    public ContractExecutor(long chainId, MachineConfig config, DataSource dataSource, ExecutionLedger ledger,
                            ExecutorService pool, Consumer<String> debugSink) {
        this(chainId, config, dataSource, ledger, pool, debugSink, ExecutionLimits.unlimited());
    }

    /**
     * @throws IllegalArgumentException if the machine's memory is above {@code limits.maxMemoryBytes()}
     */
    public ContractExecutor(long chainId, MachineConfig config, DataSource dataSource, ExecutionLedger ledger,
                            ExecutorService pool, Consumer<String> debugSink, ExecutionLimits limits) {
        if (config.memorySize() > limits.maxMemoryBytes()) {
            throw new IllegalArgumentException("max memory: the configured guest memory of " + config.memorySize()
                    + " bytes is above the operator limit of " + limits.maxMemoryBytes() + " bytes");
        }
        this.limits = limits;
        this.chainId = chainId;
        this.config = config;
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.pool = pool;
        this.debugSink = debugSink;
    }

    @Override
    public Decoded decode(byte[] signedTransaction) {
        try {
            ContractRequest request = ContractTransactions.decode(signedTransaction);
            if (request.chainId() != chainId) {
                return new Decoded.Invalid(new ExecutionError.InvalidTransaction(
                        "chain id " + request.chainId() + ", this chain is " + chainId));
            }
            return new Decoded.Valid(request);
        } catch (InvalidTransactionException e) {
            return new Decoded.Invalid(new ExecutionError.InvalidTransaction(e.getMessage()));
        }
    }

    @Override
    public CompletableFuture<Receipt> submitAsync(byte[] signedTransaction, long blockHeight) {
        byte[] copy = signedTransaction.clone();
        return CompletableFuture.supplyAsync(() -> submit(copy, blockHeight), pool);
    }

    @Override
    public Receipt submit(byte[] signedTransaction, long blockHeight) {
        Decoded decoded = decode(signedTransaction);
        if (decoded instanceof Decoded.Invalid invalid) {
            TxHash hash = ContractTransactions.hash(signedTransaction);
            return new Receipt.Failed(hash, hash, invalid.error(), 0, 0);
        }
        ContractRequest request = ((Decoded.Valid) decoded).request();
        TxHash execution = executionOf(request);
        ReentrantLock lock = locks.computeIfAbsent(execution, k -> new ReentrantLock());
        lock.lock();
        try {
            if (ledger.executed(request.txHash())) {
                return failed(request, execution, new ExecutionError.Replay(request.txHash()), 0, 0);
            }
            if (request instanceof ContractRequest.Call call) {
                return call(call, blockHeight);
            } else if (request instanceof ContractRequest.Resume resume) {
                return resume(resume);
            }
            return cancel((ContractRequest.Cancel) request);
        } catch (ExecutionLedger.LedgerException e) {
            return failed(request, execution, new ExecutionError.SnapshotRejected(e.getMessage()), 0, 0);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Receipt.Suspended> suspended(TxHash execution) {
        try {
            return ledger.load(execution).map(e -> new Receipt.Suspended(e.execution(), e.execution(), 0,
                    e.snapshot().state().cycles(), e.segments(), e.snapshot().stateRoot(),
                    SnapshotCodec.encode(e.snapshot()).length));
        } catch (ExecutionLedger.LedgerException e) {
            return Optional.empty();
        }
    }

    private static TxHash executionOf(ContractRequest request) {
        if (request instanceof ContractRequest.Resume r) {
            return r.execution();
        }
        if (request instanceof ContractRequest.Cancel c) {
            return c.execution();
        }
        return request.txHash();
    }

    private List<SyscallHandler> transactionSyscalls(TxHash execution, byte[] script) {
        return List.of(new TransactionSyscalls(execution.bytes(), script));
    }

    private Receipt call(ContractRequest.Call call, long blockHeight) throws ExecutionLedger.LedgerException {
        Optional<ExecutionError> refused = segmentBudgetRefused(call.cycleBudget());
        if (refused.isEmpty()) {
            List<SourceId> blobs = new java.util.ArrayList<>(call.sources());
            blobs.add(0, call.code());
            refused = blobRefused(blobs);
        }
        if (refused.isPresent()) {
            return failed(call, call.txHash(), refused.get(), 0, 0);
        }
        byte[] script = ScriptLayout.encode(call.code().bytes(), call.args());
        SuspendableMachine sm = SuspendableMachine.create(config, dataSource, call.sources(), debugSink,
                transactionSyscalls(call.txHash(), script));
        RunResult result;
        try {
            sm.loadProgram(call.code(), call.args());
            result = sm.run(Math.min(call.cycleBudget(), limits.maxCyclesPerExecution()));
        } catch (VmException e) {
            result = new RunResult.Failed(e.error());
        }
        SuspendedExecution next = new SuspendedExecution(call.txHash(), null, script, call.sender(),
                call.controllers(), call.cycleBudget(), 1, blockHeight);
        return conclude(call, sm, result, 0, next, limits.maxCyclesPerExecution() != Long.MAX_VALUE
                && call.cycleBudget() >= limits.maxCyclesPerExecution());
    }

    private Receipt resume(ContractRequest.Resume resume) throws ExecutionLedger.LedgerException {
        Optional<SuspendedExecution> stored = ledger.load(resume.execution());
        if (stored.isEmpty()) {
            return failed(resume, resume.execution(), new ExecutionError.UnknownExecution(resume.execution()), 0, 0);
        }
        SuspendedExecution previous = stored.get();
        long before = previous.snapshot().state().cycles();
        if (!previous.mayAct(resume.sender())) {
            return failed(resume, resume.execution(),
                    new ExecutionError.Unauthorized(resume.sender(), resume.execution()), 0, before);
        }
        Snapshot snapshot = previous.snapshot();
        Optional<ExecutionError> refused = segmentBudgetRefused(resume.cycleBudget());
        if (refused.isEmpty()) {
            List<SourceId> blobs = new java.util.ArrayList<>(snapshot.sources());
            snapshot.programSource().ifPresent(blobs::add);
            refused = blobRefused(blobs);
        }
        if (refused.isPresent()) {
            return failed(resume, resume.execution(), refused.get(), 0, before);
        }
        SuspendableMachine sm;
        try {
            sm = SuspendableMachine.resume(snapshot, dataSource, config, debugSink,
                    transactionSyscalls(resume.execution(), previous.script()));
        } catch (ResumeException e) {
            return failed(resume, resume.execution(), e.reason() instanceof ResumeException.Reason.MissingSource m
                    ? new ExecutionError.MissingSource(m.id())
                    : new ExecutionError.SnapshotRejected(e.getMessage()), 0, before);
        }
        long limit = before + resume.cycleBudget();
        if (Long.compareUnsigned(limit, before) < 0) {
            limit = -1L;
        }
        boolean capped = limits.maxCyclesPerExecution() != Long.MAX_VALUE
                && Long.compareUnsigned(limit, limits.maxCyclesPerExecution()) >= 0;
        if (capped) {
            limit = limits.maxCyclesPerExecution();
        }
        RunResult result = sm.run(limit);
        SuspendedExecution next = new SuspendedExecution(previous.execution(), null, previous.script(),
                previous.owner(), previous.controllers(), previous.budgetPaid() + resume.cycleBudget(),
                previous.segments() + 1, previous.createdAt());
        return conclude(resume, sm, result, before, next, capped);
    }

    private Receipt cancel(ContractRequest.Cancel cancel) throws ExecutionLedger.LedgerException {
        Optional<SuspendedExecution> stored = ledger.load(cancel.execution());
        if (stored.isEmpty()) {
            return failed(cancel, cancel.execution(), new ExecutionError.UnknownExecution(cancel.execution()), 0, 0);
        }
        long total = stored.get().snapshot().state().cycles();
        if (!stored.get().mayAct(cancel.sender())) {
            return failed(cancel, cancel.execution(),
                    new ExecutionError.Unauthorized(cancel.sender(), cancel.execution()), 0, total);
        }
        ledger.finish(cancel.txHash(), cancel.execution());
        return new Receipt.Cancelled(cancel.txHash(), cancel.execution(), 0, total);
    }

    /** Turns a segment's result into a receipt, saving or dropping the execution first. */
    private Receipt conclude(ContractRequest request, SuspendableMachine sm, RunResult result, long before,
                             SuspendedExecution next, boolean capped) throws ExecutionLedger.LedgerException {
        long total = sm.machine().cycles();
        long segment = total - before;
        TxHash execution = next.execution();
        if (result instanceof RunResult.CyclesExceeded && capped) {
            ledger.finish(request.txHash(), execution);
            return failed(request, execution, new ExecutionError.LimitExceeded("max cycles per execution",
                    "the execution reached the operator's cap of " + Long.toUnsignedString(limits.maxCyclesPerExecution())
                            + " cycles and was stopped"), segment, total);
        }
        if (result instanceof RunResult.CyclesExceeded) {
            Snapshot snapshot = sm.snapshot(Snapshot.Kind.V2);
            int encoded = SnapshotCodec.encode(snapshot).length;
            boolean isNew = request instanceof ContractRequest.Call;
            ReentrantLock senderLock = isNew ? senderLocks.computeIfAbsent(next.owner(), k -> new ReentrantLock()) : null;
            if (senderLock != null) {
                senderLock.lock();
            }
            try {
                ExecutionError refused = null;
                if (encoded > limits.maxSnapshotBytes()) {
                    refused = new ExecutionError.LimitExceeded("max snapshot size", "the suspended state is " + encoded
                            + " bytes, the operator allows " + limits.maxSnapshotBytes());
                } else if (isNew && ledger.suspendedBy(next.owner()) >= limits.maxSuspendedPerSender()) {
                    refused = new ExecutionError.LimitExceeded("max suspended executions per sender", next.owner()
                            + " already has " + limits.maxSuspendedPerSender() + " suspended executions");
                } else {
                    try {
                        ledger.suspend(request.txHash(), next.with(snapshot));
                    } catch (ExecutionLedger.LedgerException e) {
                        if (e.limit().isEmpty()) {
                            throw e;
                        }
                        refused = new ExecutionError.LimitExceeded(e.limit().get(), e.getMessage());
                    }
                }
                if (refused != null) {
                    if (isNew) {
                        // nothing is stored for it; the Call ran and is recorded as executed
                        ledger.finish(request.txHash(), execution);
                        return failed(request, execution, refused, segment, total);
                    }
                    // the execution stays suspended exactly as before this Resume
                    return failed(request, execution, refused, 0, before);
                }
            } finally {
                if (senderLock != null) {
                    senderLock.unlock();
                }
            }
            return new Receipt.Suspended(request.txHash(), execution, segment, total, next.segments(),
                    snapshot.stateRoot(), encoded);
        }
        ledger.finish(request.txHash(), execution);
        if (result instanceof RunResult.Exited exited) {
            if (exited.exitCode() == 0) {
                return new Receipt.Completed(request.txHash(), execution, 0, segment, total, next.segments(), sm.stateRoot());
            }
            return failed(request, execution, new ExecutionError.NonZeroExit(exited.exitCode()), segment, total);
        }
        VmError error = ((RunResult.Failed) result).error();
        return failed(request, execution, new ExecutionError.VmFailure(error.kind(), error.message()), segment, total);
    }

    /** A Call or Resume budget above the operator's per-segment cap. */
    private Optional<ExecutionError> segmentBudgetRefused(long budget) {
        if (Long.compareUnsigned(budget, limits.maxCyclesPerSegment()) > 0) {
            return Optional.of(new ExecutionError.LimitExceeded("max cycles per segment", "a budget of "
                    + Long.toUnsignedString(budget) + " cycles, the operator allows " + limits.maxCyclesPerSegment()));
        }
        return Optional.empty();
    }

    /** A named blob larger than the operator's cap (asked of the data source as a one-byte slice). */
    private Optional<ExecutionError> blobRefused(List<SourceId> ids) {
        if (limits.maxSourceBlobBytes() == Long.MAX_VALUE) {
            return Optional.empty();
        }
        for (SourceId id : ids) {
            Optional<DataSlice> slice = dataSource.load(id, 0, 1);
            if (slice.isPresent() && Long.compareUnsigned(slice.get().fullLength(), limits.maxSourceBlobBytes()) > 0) {
                return Optional.of(new ExecutionError.LimitExceeded("max source blob size", "blob " + id + " is "
                        + Long.toUnsignedString(slice.get().fullLength()) + " bytes, the operator allows "
                        + limits.maxSourceBlobBytes()));
            }
        }
        return Optional.empty();
    }

    private static Receipt failed(ContractRequest request, TxHash execution, ExecutionError error, long segment, long total) {
        return new Receipt.Failed(request.txHash(), execution, error, segment, total);
    }

}
