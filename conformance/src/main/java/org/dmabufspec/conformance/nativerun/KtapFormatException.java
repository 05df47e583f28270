package org.dmabufspec.conformance.nativerun;

/** KTAP output that cannot be read: names the line. */
public final class KtapFormatException extends Exception {
    public KtapFormatException(int line, String message) {
        super("console line " + line + ": " + message);
    }
}
