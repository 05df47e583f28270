package org.dmabufspec.conformance.trace;

import java.nio.charset.StandardCharsets;
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
    /** The same for values read as bytes (plain ASCII, see FastTokens): their own slots. */
    private final String[] byteSlots = new String[SLOTS];
    private final byte[][] bytes = new byte[SLOTS][];

    /** The string of {@code len} chars at {@code buf[off]}, shared with earlier equal reads when cached. */
    String get(char[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(buf, off, len);
        }
        int e = off + len - 1;
        int slot = len == 0 ? slot(0, 0, 0, 0, 0, 0)
                : slot(len, buf[off], buf[e], buf[Math.min(off + 1, e)], buf[Math.max(e - 1, off)], buf[Math.max(e - 2, off)]);
        char[] c = chars[slot];
        if (c != null && c.length == len && Arrays.equals(c, 0, len, buf, off, off + len)) {
            return slots[slot];
        }
        String s = new String(buf, off, len);
        slots[slot] = s;
        chars[slot] = Arrays.copyOfRange(buf, off, off + len);
        return s;
    }

    /** The string of the {@code len} ASCII bytes at {@code buf[off]}, shared with earlier equal reads when cached. */
    String get(byte[] buf, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(buf, off, len, StandardCharsets.ISO_8859_1);
        }
        int e = off + len - 1;
        int slot = len == 0 ? slot(0, 0, 0, 0, 0, 0)
                : slot(len, buf[off], buf[e], buf[Math.min(off + 1, e)], buf[Math.max(e - 1, off)], buf[Math.max(e - 2, off)]);
        byte[] c = bytes[slot];
        if (c != null && c.length == len && same(c, buf, off)) {
            return byteSlots[slot];
        }
        String s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
        byteSlots[slot] = s;
        bytes[slot] = Arrays.copyOfRange(buf, off, off + len);
        return s;
    }

    /** Whether {@code buf[off..]} starts with {@code c}: a plain loop (ids are a few bytes; C1 calls Arrays.equals out of line). */
    private static boolean same(byte[] c, byte[] buf, int off) {
        for (int i = 0; i < c.length; i++) {
            if (c[i] != buf[off + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The slot from the length and the chars where ids differ (first two, last three: "f12", "gpu1"),
     * not the whole content: a hit is confirmed by comparing all chars anyway.
     */
    private static int slot(int len, int first, int last, int second, int beforeLast, int twoBeforeLast) {
        int h = len;
        h = h * 31 + first;
        h = h * 31 + last;
        h = h * 31 + second;
        h = h * 31 + beforeLast;
        h = h * 31 + twoBeforeLast;
        return (h * 0x9E3779B9) >>> (32 - SLOT_BITS); // Fibonacci hashing spreads nearby ids
    }
}
