package org.dmabufspec.conformance.trace;

import org.dmabufspec.trace.Errno;
import org.dmabufspec.trace.IdKind;
import org.dmabufspec.trace.Op;

/**
 * Reads an event line of the common shape straight into the reader's {@link TraceReader.EventBuilder}:
 * no tokens, each field name found by one table probe, each value parsed as its field's type.
 * The shape: the FastTokens shape (plain-ASCII strings without escapes, integers of at most 18
 * digits, blanks between tokens), {@code "type":"event"}, each field at most once, every field but
 * {@code state}, {@code fences} and {@code misuse}, args of strings, integers and booleans.
 * Anything else, an error included, throws {@link FastTokens#FALLBACK} before the builder is used:
 * the reader then reads the line with FastTokens or Jackson, which word the errors. What this class
 * fills in is exactly what those give (LineScannerAgreementTest).
 */
final class EventLine {
    private static final FastTokens.Fallback FALLBACK = FastTokens.FALLBACK;
    private static final int MAX_DIGITS = 18;

    // event fields, by bit (each at most once per record)
    private static final int TYPE = 0, SEQ = 1, THREAD = 2, CPU = 3, START = 4, END = 5, OP = 6, IOCTL = 7, CALLER = 8,
            RESULT = 9, RET = 10, RESV_HELD = 11, HIDDEN = 12, SITE = 13, ARGS = 14, BUF = 15, ATTACH = 16, DEV = 17,
            FENCE = 18, CTX = 19, SYNC_FILE = 20, SGT = 21, CB = 22;
    /** The field of each FastTokens.Names slot, or -1 (not an event field this class reads). */
    private static final int[] FIELD_OF_SLOT = new int[FastTokens.Names.SLOTS];
    private static final IdKind[] ID_OF_FIELD = new IdKind[CB + 1];

    static {
        java.util.Arrays.fill(FIELD_OF_SLOT, -1);
        String[] names = {"type", "seq", "thread", "cpu", "start", "end", "op", "ioctl", "caller", "result", "ret", "resv_held",
                "hidden", "site", "args", "buf", "attach", "dev", "fence", "ctx", "sync_file", "sgt", "cb"};
        for (int f = 0; f < names.length; f++) {
            byte[] n = names[f].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            FIELD_OF_SLOT[FastTokens.Names.slotOf(n, 0, n.length)] = f;
        }
        IdKind[] ids = {IdKind.BUF, IdKind.ATTACH, IdKind.DEV, IdKind.FENCE, IdKind.CTX, IdKind.SYNC_FILE, IdKind.SGT, IdKind.CB};
        for (int i = 0; i < ids.length; i++) {
            ID_OF_FIELD[BUF + i] = ids[i];
        }
    }

    /** The ops by their wire name's bytes (open addressing): no String built per event for its op. */
    private static final int OP_BITS = 9;
    private static final Op[] OPS = new Op[1 << OP_BITS];
    private static final byte[][] OP_BYTES = new byte[1 << OP_BITS][];

    static {
        for (Op op : Op.values()) {
            byte[] w = op.wire().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int slot = opSlot(w, 0, w.length);
            while (OPS[slot] != null) {
                slot = (slot + 1) & (OPS.length - 1);
            }
            OPS[slot] = op;
            OP_BYTES[slot] = w;
        }
    }

    /** From the length and the bytes where op names differ most (their ends: "dma_resv_lock", "dma_resv_unlock"). */
    private static int opSlot(byte[] b, int off, int len) {
        int h = len;
        if (len >= 3) {
            h = ((h * 31 + b[off + len - 1]) * 31 + b[off + len - 3]) * 31 + b[off + (len >> 1)];
        }
        return (h * 0x9E3779B9) >>> (32 - OP_BITS);
    }

    /** The op named by the current string, or FALLBACK. */
    private Op op() {
        int len = strLen;
        int off = strStart;
        int slot = opSlot(b, off, len);
        byte[] k;
        while ((k = OP_BYTES[slot]) != null) {
            if (k.length == len && java.util.Arrays.equals(k, 0, len, b, off, off + len)) {
                return OPS[slot];
            }
            slot = (slot + 1) & (OPS.length - 1);
        }
        throw FALLBACK;
    }

    private final StringCache strings;
    private byte[] b;
    private int pos;
    private int end;
    /** The current string value: b[strStart, strStart + strLen). */
    private int strStart;
    private int strLen;
    private long number;

    EventLine(StringCache strings) {
        this.strings = strings;
    }

    /** Reads the line {@code bytes[off, off + len)} into {@code e}, or throws FALLBACK (e then untouched but for plain fields). */
    void read(byte[] bytes, int off, int len, TraceReader.EventBuilder e) {
        b = bytes;
        pos = off;
        end = off + len;
        if (!record(e) || pos != end) {
            throw FALLBACK;
        }
    }

    /**
     * As {@link #read}, for the line that starts at {@code bytes[off]} and ends at the first '\n'
     * before {@code limit} (the data read so far): the line's end is found while reading it, not
     * by a pass of its own. Returns the offset of that '\n'; the line is then what
     * {@code read(bytes, off, returned - off, e)} reads (a line cut by {@code limit} falls back).
     */
    int readLine(byte[] bytes, int off, int limit, TraceReader.EventBuilder e) {
        b = bytes;
        pos = off;
        end = limit;
        if (!record(e) || pos >= end || b[pos] != '\n') {
            throw FALLBACK;
        }
        return pos;
    }

    /** The record up to the blanks after its closing brace; false when it has no type. */
    private boolean record(TraceReader.EventBuilder e) {
        expect('{');
        int seen = 0;
        skipBlanks();
        if (peek() == '}') {
            throw FALLBACK; // no type: the token path words it
        }
        int index = 0;
        while (true) {
            int field = name(index++);
            int bit = 1 << field;
            if ((seen & bit) != 0) {
                throw FALLBACK;
            }
            seen |= bit;
            value(field, e);
            skipBlanks();
            byte c = peek();
            pos++;
            if (c == '}') {
                break;
            }
            if (c != ',') {
                throw FALLBACK;
            }
        }
        skipBlanks();
        return (seen & 1 << TYPE) != 0;
    }

    /**
     * The Names slot of each field of the last line read, by position: a writer puts its fields
     * in the same order line after line, so the name is first compared with that one (no hashing).
     */
    private final int[] lastSlots = new int[Long.SIZE];

    {
        java.util.Arrays.fill(lastSlots, -1);
    }

    /** A field name (the {@code index}th of the record) and its colon; the field's number. */
    private int name(int index) {
        skipBlanks();
        if (peek() != '"') {
            throw FALLBACK;
        }
        int slot = index < lastSlots.length ? lastSlots[index] : -1;
        byte[] k = slot < 0 ? null : FastTokens.Names.bytes(slot);
        int from = pos + 1;
        int to = k == null ? -1 : from + k.length;
        if (to >= 0 && to < end && b[to] == '"' && same(k, from)) {
            // exactly what string() reads: the table's names are plain ASCII without quotes or escapes
            strStart = from;
            strLen = k.length;
            pos = to + 1;
        } else {
            string();
            slot = FastTokens.Names.slotOf(b, strStart, strLen);
            if (index < lastSlots.length) {
                lastSlots[index] = slot;
            }
        }
        int field = slot < 0 ? -1 : FIELD_OF_SLOT[slot];
        if (field < 0) {
            throw FALLBACK;
        }
        expect(':');
        return field;
    }

    private boolean same(byte[] k, int from) {
        byte[] a = b;
        for (int i = 0; i < k.length; i++) {
            if (a[from + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    private void value(int field, TraceReader.EventBuilder e) {
        skipBlanks();
        byte c = peek();
        switch (field) {
            case TYPE -> {
                if (c != '"') {
                    throw FALLBACK;
                }
                string();
                if (strLen != 5 || b[strStart] != 'e' || b[strStart + 1] != 'v' || b[strStart + 2] != 'e' || b[strStart + 3] != 'n'
                        || b[strStart + 4] != 't') {
                    throw FALLBACK;
                }
            }
            case SEQ -> {
                e.seq = integer(c);
                e.hasSeq = true;
            }
            case THREAD -> e.thread = repeated(c, field);
            case CPU -> e.cpu = natural(c);
            case START -> {
                e.start = natural(c);
                e.hasStart = true;
            }
            case END -> {
                e.end = natural(c);
                e.hasEnd = true;
            }
            case OP -> {
                if (c != '"') {
                    throw FALLBACK;
                }
                string();
                e.op = op(); // an unknown name falls back: the token path words it
            }
            case IOCTL -> e.ioctl = text(c);
            case SITE -> e.site = text(c);
            case CALLER -> e.caller = integer(c);
            case RESULT -> {
                if (c == '"') {
                    String r = text(c);
                    if (!Errno.isName(r)) {
                        throw FALLBACK;
                    }
                    e.result = r;
                } else if (integer(c) == 0) {
                    e.result = "0";
                } else {
                    throw FALLBACK;
                }
            }
            case RET -> e.ret = c == '"' ? text(c) : c == 't' || c == 'f' ? (Object) bool(c) : (Object) integer(c);
            case RESV_HELD -> e.resvHeld = bool(c);
            case HIDDEN -> e.hidden = bool(c);
            case ARGS -> e.args = args(c, e.op);
            default -> { // an id
                String id = repeated(c, field);
                if (id.isEmpty()) {
                    throw FALLBACK;
                }
                e.ids[ID_OF_FIELD[field].ordinal()] = id;
            }
        }
        if (field != TYPE) {
            e.seen++;
        }
    }

    private ArgMap args(byte c, Op op) {
        if (c != '{') {
            throw FALLBACK;
        }
        pos++;
        ArgMap m = new ArgMap();
        skipBlanks();
        if (peek() == '}') {
            pos++;
            return m;
        }
        int[] memo = op == null ? null : lastArgSlots[op.ordinal()];
        for (int index = 0; ; index++) {
            skipBlanks();
            if (peek() != '"') {
                throw FALLBACK;
            }
            String name = argName(memo, index);
            expect(':');
            skipBlanks();
            byte v = peek();
            Object value = v == '"' ? text(v) : v == 't' || v == 'f' ? (Object) bool(v) : (Object) integer(v);
            if (m.size() == TraceReader.MAX_ARGS || !m.add(name, value)) {
                throw FALLBACK;
            }
            skipBlanks();
            byte d = peek();
            pos++;
            if (d == '}') {
                return m;
            }
            if (d != ',') {
                throw FALLBACK;
            }
        }
    }

    /**
     * The Names slot of each argument of the last line of each op, by position (-1: none): a
     * writer puts an op's arguments in the same order each time, so the name is first compared
     * with that one, as {@link #name} does for fields.
     */
    private final int[][] lastArgSlots = new int[Op.values().length][];

    {
        for (int i = 0; i < lastArgSlots.length; i++) {
            lastArgSlots[i] = new int[TraceReader.MAX_ARGS];
            java.util.Arrays.fill(lastArgSlots[i], -1);
        }
    }

    /** The argument name at pos (its opening quote), as {@code Names.lookup} gives it; {@code memo}: the op's slots, or null. */
    private String argName(int[] memo, int index) {
        int slot = memo == null || index >= memo.length ? -1 : memo[index];
        byte[] k = slot < 0 ? null : FastTokens.Names.bytes(slot);
        int from = pos + 1;
        int to = k == null ? -1 : from + k.length;
        if (to >= 0 && to < end && b[to] == '"' && same(k, from)) {
            // exactly what string() reads: the table's names are plain ASCII without quotes or escapes
            pos = to + 1;
            return FastTokens.Names.name(slot);
        }
        string();
        slot = FastTokens.Names.slotOf(b, strStart, strLen);
        if (slot < 0) {
            return new String(b, strStart, strLen, java.nio.charset.StandardCharsets.ISO_8859_1); // not in the format: build() words it
        }
        if (memo != null && index < memo.length) {
            memo[index] = slot;
        }
        return FastTokens.Names.name(slot);
    }

    /** By field, the last value read and its bytes: most lines name the thread and objects of the line before. */
    private final String[] lastText = new String[CB + 1];
    private final byte[][] lastTextBytes = new byte[CB + 1][];

    /**
     * As {@link #text}, first comparing the bytes with the field's value on an earlier line: the
     * same bytes between quotes are the same string (that value passed string() then), so neither
     * the scan nor the cache's hash is needed.
     */
    private String repeated(byte c, int field) {
        byte[] k = lastTextBytes[field];
        if (k != null && c == '"') {
            int from = pos + 1;
            int to = from + k.length;
            if (to < end && b[to] == '"' && same(k, from)) {
                pos = to + 1;
                return lastText[field];
            }
        }
        String s = text(c);
        lastText[field] = s;
        lastTextBytes[field] = java.util.Arrays.copyOfRange(b, strStart, strStart + strLen);
        return s;
    }

    private String text(byte c) {
        if (c != '"') {
            throw FALLBACK;
        }
        string();
        return strings.get(b, strStart, strLen);
    }

    /** A string from b[pos] (the quote): printable ASCII without escapes, as FastTokens reads it. */
    private void string() {
        int i = pos + 1;
        int limit = Math.min(end, i + TraceReader.MAX_STRING);
        byte[] a = b;
        while (i < limit) {
            byte c = a[i];
            if (c == '"') {
                strStart = pos + 1;
                strLen = i - strStart;
                pos = i + 1;
                return;
            }
            if (c < 0x20 || c == '\\') {
                throw FALLBACK;
            }
            i++;
        }
        throw FALLBACK;
    }

    private long integer(byte c) {
        if (c != '-' && (c < '0' || c > '9')) {
            throw FALLBACK;
        }
        int i = pos;
        boolean negative = c == '-';
        if (negative) {
            i++;
        }
        int first = i;
        long v = 0;
        byte[] a = b;
        while (i < end) {
            int d = a[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            i++;
        }
        int digits = i - first;
        if (digits == 0 || digits > MAX_DIGITS || digits > 1 && a[first] == '0') {
            throw FALLBACK;
        }
        pos = i; // what follows must be a blank, ',' or '}': the caller checks
        return negative ? -v : v;
    }

    private long natural(byte c) {
        long n = integer(c);
        if (n < 0) {
            throw FALLBACK;
        }
        return n;
    }

    private Boolean bool(byte c) {
        if (c == 't' && pos + 4 <= end && b[pos + 1] == 'r' && b[pos + 2] == 'u' && b[pos + 3] == 'e') {
            pos += 4;
            return Boolean.TRUE;
        }
        if (c == 'f' && pos + 5 <= end && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's' && b[pos + 4] == 'e') {
            pos += 5;
            return Boolean.FALSE;
        }
        throw FALLBACK;
    }

    private void expect(char c) {
        skipBlanks();
        if (pos >= end || b[pos] != c) {
            throw FALLBACK;
        }
        pos++;
    }

    /** The byte at pos; a line that ends here needs the token path. */
    private byte peek() {
        if (pos >= end) {
            throw FALLBACK;
        }
        return b[pos];
    }

    /** Small enough for C1 to inline: most tokens follow the previous one without a blank. */
    private void skipBlanks() {
        if (pos < end && b[pos] <= ' ') {
            skipMoreBlanks();
        }
    }

    private void skipMoreBlanks() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\t' && c != '\r') {
                return;
            }
            pos++;
        }
    }
}
