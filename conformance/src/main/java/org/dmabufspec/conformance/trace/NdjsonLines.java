package org.dmabufspec.conformance.trace;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of an NDJSON byte stream, one at a time, each checked to be strict UTF-8. A line is
 * handed out as a slice of an internal buffer ({@link #bytes()}, {@link #offset()},
 * {@link #length()}), valid until the next call of {@link #next()}. Memory is bounded by
 * {@code maxLine}: a longer line is reported ({@link #tooLong()}) with its first
 * {@code maxLine} bytes, not buffered whole.
 */
final class NdjsonLines {
    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    /** Unread data is buf[pos, end). */
    private int pos;
    private int end;
    private boolean eof;
    private long lineNo;
    private int lineOff;
    private int lineLen;
    private boolean terminated;
    private boolean tooLong;

    NdjsonLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** Advances to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        int scanned = pos;
        while (true) {
            int nl = indexOf(buf, scanned, end);
            if (nl >= 0) {
                return nl - pos <= maxLine ? take(nl - pos, true, nl + 1) : tooLongLine();
            }
            if (end - pos > maxLine) {
                return tooLongLine();
            }
            if (eof) {
                return end > pos && take(end - pos, false, end);
            }
            int scannedRel = end - pos; // no '\n' before here: not scanned again after fill() moves the data
            fill();
            scanned = pos + scannedRel;
        }
    }

    private boolean tooLongLine() {
        tooLong = true;
        lineNo++;
        lineOff = pos;
        lineLen = maxLine;
        terminated = false;
        pos = end; // the rest is not read: the reader stops at this error
        eof = true;
        return true;
    }

    private boolean take(int len, boolean nl, int nextPos) {
        lineNo++;
        lineOff = pos;
        lineLen = len;
        terminated = nl;
        tooLong = false;
        pos = nextPos;
        return true;
    }

    /** Where the data not yet handed out as lines starts in {@link #bytes()} (the next line, unless blank). */
    int unreadOffset() {
        return pos;
    }

    /** Where the data read so far ends in {@link #bytes()}. */
    int unreadEnd() {
        return end;
    }

    /**
     * Advances to the line from {@link #unreadOffset()} to the '\n' at {@code nl}, found by the
     * caller, as {@link #next()} would (the caller has checked it is not longer than maxLine).
     */
    void takeLineEndingAt(int nl) {
        take(nl - pos, true, nl + 1);
    }

    /** Moves unread data to the front (growing the buffer up to maxLine + 1) and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, (int) Math.min((long) maxLine + 1, 2L * buf.length));
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private static int indexOf(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    void close() throws IOException {
        in.close();
    }

    byte[] bytes() {
        return buf;
    }

    int offset() {
        return lineOff;
    }

    int length() {
        return lineLen;
    }

    /** 1-based number of the current line. */
    long lineNo() {
        return lineNo;
    }

    /** Whether the current line ended with '\n' (false for a last line cut short). */
    boolean terminated() {
        return terminated;
    }

    /** The line is longer than maxLine bytes; only its first maxLine bytes are available. */
    boolean tooLong() {
        return tooLong;
    }

    /** Only blanks (space, tab, CR) on the current line. */
    boolean blank() {
        for (int i = lineOff, e = lineOff + lineLen; i < e; i++) {
            byte c = buf[i];
            if (c != ' ' && c != '\t' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Offset, relative to the line, of the first byte that is not strict UTF-8 (RFC 3629: no
     * overlong forms, no encoded surrogates, nothing above U+10FFFF), or -1.
     */
    int invalidUtf8() {
        byte[] b = buf;
        int i = lineOff;
        int e = lineOff + lineLen;
        while (i < e) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    lo = 0xA0;
                } else if (c == 0xED) {
                    hi = 0x9F; // U+D800..U+DFFF: surrogates are not characters
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return i - lineOff;
            }
            if (i + n >= e) {
                return i - lineOff;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i - lineOff;
            }
            for (int k = 2; k <= n; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i - lineOff;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
