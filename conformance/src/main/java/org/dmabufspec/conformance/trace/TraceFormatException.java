package org.dmabufspec.conformance.trace;

/**
 * A trace that does not follow TRACE-FORMAT.md v1. The message always names the file and line,
 * and the field when one is at fault, so the producer of the trace can be fixed.
 */
public final class TraceFormatException extends Exception {
    private final String file;
    private final long line;
    private final String field;

    /**
     * @param field the field at fault; null for the whole record ("record") or, at line 0, the
     *              whole file
     */
    public TraceFormatException(String file, long line, String field, String problem) {
        super(file + ":" + line + ": " + where(line, field) + ": " + problem.replace('\n', ' ').replace('\r', ' '));
        this.file = file;
        this.line = line;
        this.field = field == null && line > 0 ? "record" : field;
    }

    private static String where(long line, String field) {
        if (field == null || field.equals("record")) {
            return line > 0 ? "record" : "file";
        }
        return "field '" + printable(field) + "'";
    }

    /** Longest field name a message shows, in code points (a key may be as long as any string). */
    static final int MAX_NAME = 64;

    /**
     * A field name as the record spells it, kept to one short line: a quote, a backslash and
     * control or line-separator characters are escaped, a long name is cut with "...".
     */
    static String printable(String name) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < name.length(); ) {
            if (shown == MAX_NAME) {
                return b.append("...").toString();
            }
            int c = name.codePointAt(i);
            i += Character.charCount(c);
            shown++;
            if (c == '\'' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || Character.getType(c) == Character.SURROGATE) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        }
        return b.toString();
    }

    public String file() {
        return file;
    }

    /** 1-based line number; 0 when the problem concerns the whole file. */
    public long line() {
        return line;
    }

    /** The field at fault ("record" for the whole record), or null for a problem of the whole file (line 0). */
    public String field() {
        return field;
    }
}
