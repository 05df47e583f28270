package org.dmabufspec.conformance.trace;

import java.util.Arrays;

/**
 * Direct-mapped cache of the short string values read from a trace. Thread names, op names, most
 * ids and argument values repeat from line to line, so most reads build no new String, and the
 * strings the checker hashes into its maps keep their hash cached. Bounded: a miss replaces the
 * slot, so unique ids (a fresh fence per line) cost no more than without the cache.
 */
final class StringCache {
    private static final int SLOT_BITS = 12;
    private static final int SLOTS = 1 << SLOT_BITS;
    /** Longer values (bufinfo blocks, names) are rare: not worth a slot. */
    private static final int MAX_LENGTH = 48;

    private final String[] slots = new String[SLOTS];
    /** The chars of each slot's string, compared with one vectorized Arrays.equals. */
    private final char[][] chars = new char[SLOTS][];

    /** The string of {@code len} chars at {@code buf[off]}, shared with earlier equal reads when cached. */
    String get(char[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(buf, off, len);
        }
        int h = 0;
        for (int i = off, e = off + len; i < e; i++) {
            h = 31 * h + buf[i]; // String.hashCode of the content, compared before the chars
        }
        int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS); // Fibonacci hashing: ids differing in one digit spread out
        String s = slots[slot];
        char[] c = chars[slot];
        if (s != null && c.length == len && s.hashCode() == h && Arrays.equals(c, 0, len, buf, off, off + len)) {
            return s;
        }
        s = new String(buf, off, len);
        slots[slot] = s;
        chars[slot] = Arrays.copyOfRange(buf, off, off + len);
        return s;
    }
}
