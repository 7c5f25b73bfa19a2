/**
 * The layer above the store that runs machines: {@link org.ckbvm.suspension.ResumeProof} proves a
 * snapshot resumes to its state root (the store asks it before a put and after a read), and
 * {@link org.ckbvm.suspension.StoreResumer} opens a store with that proof and resumes its
 * executions. {@code org.ckbvm.store} runs no machine and imports nothing from here, {@code machine},
 * {@code elf} or {@code syscall} (checked by {@code StoreImportsTest}).
 */
package org.ckbvm.suspension;
