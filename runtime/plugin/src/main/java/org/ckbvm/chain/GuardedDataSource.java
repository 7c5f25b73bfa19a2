package org.ckbvm.chain;

import java.util.Optional;

import org.ckbvm.plugin.api.DataSlice;
import org.ckbvm.plugin.api.DataSource;
import org.ckbvm.plugin.api.NodeFault;
import org.ckbvm.plugin.api.SourceId;

/**
 * The host's data source as one transaction sees it: a blob that is not there is a consensus
 * fact (the receipt says which), but a data source that throws is a local fault. The first
 * exception is kept and {@link #rethrow} raises it as a {@link NodeFault} after the run, even if
 * the machine turned it into something else on the way.
 */
final class GuardedDataSource implements DataSource {
    private final DataSource host;
    private volatile RuntimeException fault;

    GuardedDataSource(DataSource host) {
        this.host = host;
    }

    @Override
    public Optional<DataSlice> load(SourceId id, long offset, long length) {
        try {
            return host.load(id, offset, length);
        } catch (RuntimeException e) {
            if (fault == null) {
                fault = e;
            }
            throw new NodeFault(NodeFault.Kind.DATA_SOURCE, "loading " + id + ": " + e, e);
        }
    }

    void rethrow() {
        RuntimeException e = fault;
        if (e != null) {
            throw e instanceof NodeFault f ? f : new NodeFault(NodeFault.Kind.DATA_SOURCE, "the data source failed: " + e, e);
        }
    }
}
