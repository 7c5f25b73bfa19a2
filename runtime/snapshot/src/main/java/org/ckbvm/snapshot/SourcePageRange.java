package org.ckbvm.snapshot;

import org.ckbvm.plugin.api.SourceId;

/**
 * Pages still equal to a range of a source blob: {@code length / 4096} pages at {@code address},
 * each with flag byte {@code flags}, holding {@code source[offset, offset + length)}. Their content
 * is not stored (CKB-VM Snapshot2 {@code pages_from_source}).
 */
public record SourcePageRange(long address, int flags, SourceId source, long offset, long length) {}
