package org.ckbvm.suspension;

import org.ckbvm.snapshot.SuspendableMachine;
import org.ckbvm.store.StoredExecution;

/**
 * A stored execution and the machine resumed from it, ready to run. The machine's data source
 * holds the blobs read (and hash-checked) together with the snapshot, so it never sees a later
 * change to the store.
 */
public record ResumedExecution(StoredExecution stored, SuspendableMachine machine) {}
