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
        // the slot from the length and the chars where ids differ (first two, last three: "f12", "gpu1"),
        // not the whole content: a hit is confirmed by comparing all chars anyway
        int e = off + len - 1;
        int h = len;
        if (len > 0) {
            h = h * 31 + buf[off];
            h = h * 31 + buf[e];
        }
        if (len > 2) {
            h = h * 31 + buf[off + 1];
            h = h * 31 + buf[e - 1];
            h = h * 31 + buf[e - 2];
        }
        int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS); // Fibonacci hashing spreads nearby ids
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
        int h = len;
        if (len > 0) {
            h = h * 31 + buf[off];
            h = h * 31 + buf[e];
        }
        if (len > 2) {
            h = h * 31 + buf[off + 1];
            h = h * 31 + buf[e - 1];
            h = h * 31 + buf[e - 2];
        }
        int slot = (h * 0x9E3779B9) >>> (32 - SLOT_BITS);
        byte[] c = bytes[slot];
        if (c != null && c.length == len && Arrays.equals(c, 0, len, buf, off, off + len)) {
            return byteSlots[slot];
        }
        String s = new String(buf, off, len, StandardCharsets.ISO_8859_1);
        byteSlots[slot] = s;
        bytes[slot] = Arrays.copyOfRange(buf, off, off + len);
        return s;
    }
}
