package org.dmabufspec.conformance.nativerun;

/** bufinfo text in a shape no known kernel printed: names the line and shows it. */
public final class BufInfoFormatException extends Exception {
    public BufInfoFormatException(int line, String text, String message) {
        super("bufinfo line " + line + " '" + text.replace("\t", "\\t") + "': " + message);
    }
}
