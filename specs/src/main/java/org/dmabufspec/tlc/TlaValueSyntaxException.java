package org.dmabufspec.tlc;

/** TLC printed a value this parser does not understand; {@code offset} is 0-based in the text. */
public final class TlaValueSyntaxException extends RuntimeException {
    private final int offset;

    public TlaValueSyntaxException(String message, String text, int offset) {
        super(message + " at offset " + offset + " in: " + abbreviate(text));
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
