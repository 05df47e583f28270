package org.dmabufspec.conformance.nativerun;

/** A native run that could not produce a usable result: a missing prerequisite, a VM that did not finish. */
public final class NativeRunException extends Exception {
    public NativeRunException(String message) {
        super(message);
    }
}
