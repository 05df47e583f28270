package org.dmabufspec.conformance.trace;

import com.fasterxml.jackson.core.JsonToken;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.dmabufspec.trace.Op;

/**
 * The tokens of one record line in the shape writers produce: plain-ASCII strings without escapes,
 * integers of at most 18 digits, booleans, null, objects and lists nested at most
 * {@link TraceReader#MAX_DEPTH} deep, blanks between tokens. Reading these bytes directly (no
 * parser per line, no char decoding, field names from a fixed table) is most of the reader's speed.
 * Anything else (an escape, a non-ASCII byte, a fraction, a longer number, a syntax error, a line
 * that ends inside the record) throws {@link #FALLBACK}: the reader then parses the line again
 * with Jackson, which accepts every JSON form and words the errors. A line this scanner accepts
 * gives exactly the tokens Jackson gives, so the checks on them, and their messages, are the same.
 */
final class FastTokens implements RecordTokens {
    /** Thrown when the line needs Jackson; carries no stack trace (it is not an error). */
    static final class Fallback extends RuntimeException {
        private Fallback() {
            super(null, null, false, false);
        }
    }

    static final Fallback FALLBACK = new Fallback();

    private static final int ROOT = 0;
    private static final int NAME_OR_CLOSE = 1;
    private static final int NAME = 2;
    private static final int VALUE = 3;
    private static final int VALUE_OR_CLOSE = 4;
    private static final int AFTER_VALUE = 5;
    private static final int DONE = 6;
    /** Longest integer taken here; up to 18 digits always fit in a long. */
    private static final int MAX_DIGITS = 18;

    private final StringCache strings;
    private final boolean[] inArray = new boolean[TraceReader.MAX_DEPTH + 1];
    private byte[] b;
    private int pos;
    private int end;
    private int depth;
    private int state;
    private JsonToken token;
    /** Current string or number token: b[tokStart, tokStart + tokLen). */
    private int tokStart;
    private int tokLen;
    private long number;
    private String name;

    FastTokens(StringCache strings) {
        this.strings = strings;
    }

    /** Starts on the line {@code b[off, off + len)}. */
    FastTokens reset(byte[] bytes, int off, int len) {
        b = bytes;
        pos = off;
        end = off + len;
        depth = 0;
        state = ROOT;
        token = null;
        return this;
    }

    @Override
    public JsonToken nextToken() {
        skipBlanks();
        if (state == DONE) {
            if (pos < end) {
                throw FALLBACK; // more after the record: Jackson words it
            }
            return token = null;
        }
        if (pos >= end) {
            throw FALLBACK;
        }
        byte c = b[pos];
        switch (state) {
            case ROOT -> {
                if (c != '{') {
                    throw FALLBACK;
                }
                return open(false);
            }
            case NAME_OR_CLOSE, NAME -> {
                if (c == '}' && state == NAME_OR_CLOSE) {
                    return close();
                }
                if (c != '"') {
                    throw FALLBACK;
                }
                string();
                name = Names.lookup(b, tokStart, tokLen);
                skipBlanks();
                if (pos >= end || b[pos] != ':') {
                    throw FALLBACK;
                }
                pos++;
                state = VALUE;
                return token = JsonToken.FIELD_NAME;
            }
            case VALUE, VALUE_OR_CLOSE -> {
                if (c == ']' && state == VALUE_OR_CLOSE) {
                    return close();
                }
                return value(c);
            }
            default -> { // AFTER_VALUE
                boolean array = inArray[depth];
                if (c == ',') {
                    pos++;
                    state = array ? VALUE : NAME;
                    return nextToken();
                }
                if (c == (array ? ']' : '}')) {
                    return close();
                }
                throw FALLBACK;
            }
        }
    }

    private JsonToken value(byte c) {
        switch (c) {
            case '{' -> {
                return open(false);
            }
            case '[' -> {
                return open(true);
            }
            case '"' -> {
                string();
                state = AFTER_VALUE;
                return token = JsonToken.VALUE_STRING;
            }
            case 't' -> {
                return literal("true", JsonToken.VALUE_TRUE);
            }
            case 'f' -> {
                return literal("false", JsonToken.VALUE_FALSE);
            }
            case 'n' -> {
                return literal("null", JsonToken.VALUE_NULL);
            }
            default -> {
                number();
                state = AFTER_VALUE;
                return token = JsonToken.VALUE_NUMBER_INT;
            }
        }
    }

    private JsonToken open(boolean array) {
        if (depth == TraceReader.MAX_DEPTH) {
            throw FALLBACK; // Jackson reports the nesting limit
        }
        pos++;
        inArray[++depth] = array;
        state = array ? VALUE_OR_CLOSE : NAME_OR_CLOSE;
        return token = array ? JsonToken.START_ARRAY : JsonToken.START_OBJECT;
    }

    private JsonToken close() {
        pos++;
        boolean array = inArray[depth--];
        state = depth == 0 ? DONE : AFTER_VALUE;
        return token = array ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    }

    /** A string from b[pos] (the quote): printable ASCII without escapes, else Jackson's. */
    private void string() {
        int i = pos + 1;
        int limit = Math.min(end, i + TraceReader.MAX_STRING); // a string at the limit is Jackson's to judge
        byte[] a = b;
        while (i < limit) {
            byte c = a[i];
            if (c == '"') {
                tokStart = pos + 1;
                tokLen = i - tokStart;
                pos = i + 1;
                return;
            }
            if (c < 0x20 || c == '\\') { // control byte, escape, or (negative) non-ASCII
                throw FALLBACK;
            }
            i++;
        }
        throw FALLBACK; // the line ends inside the string, or it is over the length limit
    }

    private void number() {
        int i = pos;
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long v = 0;
        while (i < end) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            i++;
        }
        int digits = i - first;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && b[first] == '0') {
            throw FALLBACK;
        }
        delimiter(i);
        tokStart = pos;
        tokLen = i - pos;
        number = negative ? -v : v;
        pos = i;
    }

    private JsonToken literal(String word, JsonToken t) {
        int n = word.length();
        if (end - pos < n) {
            throw FALLBACK;
        }
        for (int k = 0; k < n; k++) {
            if (b[pos + k] != word.charAt(k)) {
                throw FALLBACK;
            }
        }
        delimiter(pos + n);
        pos += n;
        state = AFTER_VALUE;
        return token = t;
    }

    /** A number or literal must be followed by a delimiter, not run on ("12a", "truex", "1.5"). */
    private void delimiter(int i) {
        if (i < end) {
            byte c = b[i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\r') {
                return;
            }
        }
        throw FALLBACK;
    }

    private void skipBlanks() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    @Override
    public String currentName() {
        return name;
    }

    @Override
    public String getText() {
        if (token == null) {
            return null;
        }
        return switch (token) {
            case FIELD_NAME -> name;
            case VALUE_STRING, VALUE_NUMBER_INT -> new String(b, tokStart, tokLen, StandardCharsets.ISO_8859_1);
            default -> token.asString();
        };
    }

    @Override
    public String cachedText() {
        return strings.get(b, tokStart, tokLen);
    }

    @Override
    public boolean beyond64Bits() {
        return false;
    }

    @Override
    public long longValue() {
        return number;
    }

    /** Field names of the format, canonical: a record's names cost a table probe, not a new String. */
    static final class Names {
        private static final int BITS = 8;
        static final int SLOTS = 1 << BITS;
        private static final String[] TABLE = new String[SLOTS];
        private static final byte[][] BYTES = new byte[1 << BITS][];

        static {
            Set<String> names = new LinkedHashSet<>(List.of("type", "seq", "thread", "cpu", "start", "end", "op", "ioctl",
                    "caller", "result", "ret", "resv_held", "hidden", "site", "args", "state", "misuse", "fences", "buf", "attach", "dev",
                    "fence", "ctx", "sync_file", "sgt", "cb", "events", "status", "exit", "reason", "attachments", "pin_count",
                    "placement", "name", "bufinfo_format", "bufinfo", "mapped", "usage", "signaled", "dir"));
            for (Op op : Op.values()) {
                names.addAll(op.args());
            }
            for (String s : names) {
                byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
                int slot = slot(bytes, 0, bytes.length);
                while (TABLE[slot] != null) {
                    slot = (slot + 1) & (TABLE.length - 1);
                }
                TABLE[slot] = s.intern();
                BYTES[slot] = bytes;
            }
        }

        private Names() {
        }

        /** From the length and three bytes: enough to spread the format's names, cheap per field. */
        private static int slot(byte[] b, int off, int len) {
            int h = len;
            if (len > 0) {
                h = ((h * 31 + b[off]) * 31 + b[off + len - 1]) * 31 + b[off + (len >> 1)];
            }
            return (h * 0x9E3779B9) >>> (32 - BITS);
        }

        private static boolean same(byte[] k, byte[] b, int off) {
            for (int i = 0; i < k.length; i++) {
                if (k[i] != b[off + i]) {
                    return false;
                }
            }
            return true;
        }

        /** The bytes of the name in a slot that slotOf returned. */
        static byte[] bytes(int slot) {
            return BYTES[slot];
        }

        /** The canonical name in a slot (one that {@link #slotOf} returned). */
        static String name(int slot) {
            return TABLE[slot];
        }

        /** The canonical name for these bytes, or a new String for a name not in the format. */
        static String lookup(byte[] b, int off, int len) {
            int slot = slotOf(b, off, len);
            return slot >= 0 ? TABLE[slot] : new String(b, off, len, StandardCharsets.ISO_8859_1);
        }

        /** The table slot of the format's name in these bytes, or -1 for a name not in the format. */
        static int slotOf(byte[] b, int off, int len) {
            int slot = slot(b, off, len);
            byte[] k;
            while ((k = BYTES[slot]) != null) {
                if (k.length == len && same(k, b, off)) {
                    return slot;
                }
                slot = (slot + 1) & (TABLE.length - 1);
            }
            return -1;
        }
    }
}
