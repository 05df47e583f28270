package org.dmabufspec.trace;

import java.util.Locale;

/** Kernel errno values used by the dma-buf core, dma-heap and ww_mutex (include/uapi/asm-generic/errno*.h, x86-64). */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), EBADF(9), EAGAIN(11), ENOMEM(12), EFAULT(14),
    EBUSY(16), EINVAL(22), ENOTTY(25), EDEADLK(35), ETIME(62), EOVERFLOW(75), EBADFD(77),
    ETIMEDOUT(110), EALREADY(114),
    /** Kernel-internal restart code returned by interruptible waits; userspace sees EINTR. */
    ERESTARTSYS(512);

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive errno number; the kernel returns its negation. */
    public int value() {
        return value;
    }

    /** Parses the name as written in traces ("EBUSY", also accepts "-EBUSY"). */
    public static Errno parse(String name) {
        String n = name.startsWith("-") ? name.substring(1) : name;
        try {
            return valueOf(n.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown errno name '" + name + "'");
        }
    }

    public static Errno ofValue(int value) {
        int v = Math.abs(value);
        for (Errno e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown errno value " + value);
    }
}
