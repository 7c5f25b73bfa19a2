package org.ckbvm.vectors;

/**
 * One run of the machine: the absolute cycle limit it runs under (CKB-VM {@code set_max_cycles};
 * {@code null} means none) and what it must end in. {@code note} says why this budget was chosen.
 */
public record Segment(Long maxCycles, String note, Outcome expect) {}
