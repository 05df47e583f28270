package org.dmabufspec.kernel;

import org.dmabufspec.trace.Errno;

/** A kernel function returned {@code -errno} (or an ERR_PTR). */
public final class KernelError extends RuntimeException {
    private final Errno errno;

    public KernelError(Errno errno, String message) {
        super("-" + errno.name() + ": " + message, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
