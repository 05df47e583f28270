package org.dmabufspec.cli;

/** A mistake in the command line or its inputs: printed as one message, exit code 2, no stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
