package org.dmabufspec.conformance.nativerun;

/**
 * One fence line of a buffer in bufinfo. {@code usage} is {@code KERNEL}, {@code WRITE} or
 * {@code READ} (BOOKKEEP fences are not listed); pre-5.17 exclusive fences read as WRITE and
 * shared ones as READ. {@code context} is null where the format does not print it, and
 * driver/timeline are empty where the kernel blanks them for signalled fences.
 */
public record BufInfoFence(String usage, String driver, String timeline, Long context, Long seqno, boolean signalled) {
}
