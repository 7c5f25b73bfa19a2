package org.ckbvm.vectors;

/**
 * A file a vector needs, by path (relative to the {@code testvectors/} folder) and CKB hash of its
 * content (64 lower-case hex digits), so a consumer can tell a changed file from a changed machine.
 */
public record BlobRef(String path, String hash) {}
