package org.dmabufspec.conformance.trace;

/**
 * Direct-mapped cache of the short string values read from a trace. Thread names, op names, most
 * ids and argument values repeat from line to line, so most reads build no new String, and the
 * strings the checker hashes into its maps keep their hash cached. Bounded: a miss replaces the
 * slot, so unique ids (a fresh fence per line) cost no more than without the cache.
 */
final class StringCache {
    private static final int SLOTS = 1 << 12;
    /** Longer values (bufinfo blocks, names) are rare: not worth a slot. */
    private static final int MAX_LENGTH = 48;

    private final String[] slots = new String[SLOTS];

    /** The string of {@code len} chars at {@code buf[off]}, shared with earlier equal reads when cached. */
    String get(char[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(buf, off, len);
        }
        int h = 0;
        for (int i = off, e = off + len; i < e; i++) {
            h = 31 * h + buf[i]; // String.hashCode of the content, compared before the chars
        }
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        String s = slots[slot];
        if (s != null && s.length() == len && s.hashCode() == h && sameChars(s, buf, off, len)) {
            return s;
        }
        s = new String(buf, off, len);
        slots[slot] = s;
        return s;
    }

    private static boolean sameChars(String s, char[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != buf[off + i]) {
                return false;
            }
        }
        return true;
    }
}
