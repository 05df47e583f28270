package org.dmabufspec.trace;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The errnos a trace may write as a {@code result} or {@code args.error}, with their numbers:
 * Linux's uapi errno.h (asm-generic/errno-base.h and errno.h, the numbers of x86-64 and arm64) and
 * the kernel-internal ones of include/linux/errno.h that a kernel function can return. A misspelt
 * name ("EFOO") is bad input, not a new kind of failure. trace-schema.json's {@code errnoName} enum
 * lists exactly these names (TraceFormatSchemaTest).
 */
public enum Errno {
    // asm-generic/errno-base.h
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), ENOEXEC(8), EBADF(9), ECHILD(10),
    EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), ENOTBLK(15), EBUSY(16), EEXIST(17), EXDEV(18), ENODEV(19),
    ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23), EMFILE(24), ENOTTY(25), ETXTBSY(26), EFBIG(27), ENOSPC(28),
    ESPIPE(29), EROFS(30), EMLINK(31), EPIPE(32), EDOM(33), ERANGE(34),
    // asm-generic/errno.h; EWOULDBLOCK and EDEADLOCK are aliases (ofValue gives EAGAIN and EDEADLK)
    EDEADLK(35), ENAMETOOLONG(36), ENOLCK(37), ENOSYS(38), ENOTEMPTY(39), ELOOP(40), EWOULDBLOCK(11), ENOMSG(42),
    EIDRM(43), ECHRNG(44), EL2NSYNC(45), EL3HLT(46), EL3RST(47), ELNRNG(48), EUNATCH(49), ENOCSI(50), EL2HLT(51),
    EBADE(52), EBADR(53), EXFULL(54), ENOANO(55), EBADRQC(56), EBADSLT(57), EDEADLOCK(35), EBFONT(59), ENOSTR(60),
    ENODATA(61), ETIME(62), ENOSR(63), ENONET(64), ENOPKG(65), EREMOTE(66), ENOLINK(67), EADV(68), ESRMNT(69),
    ECOMM(70), EPROTO(71), EMULTIHOP(72), EDOTDOT(73), EBADMSG(74), EOVERFLOW(75), ENOTUNIQ(76), EBADFD(77),
    EREMCHG(78), ELIBACC(79), ELIBBAD(80), ELIBSCN(81), ELIBMAX(82), ELIBEXEC(83), EILSEQ(84), ERESTART(85),
    ESTRPIPE(86), EUSERS(87), ENOTSOCK(88), EDESTADDRREQ(89), EMSGSIZE(90), EPROTOTYPE(91), ENOPROTOOPT(92),
    EPROTONOSUPPORT(93), ESOCKTNOSUPPORT(94), EOPNOTSUPP(95), EPFNOSUPPORT(96), EAFNOSUPPORT(97), EADDRINUSE(98),
    EADDRNOTAVAIL(99), ENETDOWN(100), ENETUNREACH(101), ENETRESET(102), ECONNABORTED(103), ECONNRESET(104),
    ENOBUFS(105), EISCONN(106), ENOTCONN(107), ESHUTDOWN(108), ETOOMANYREFS(109), ETIMEDOUT(110),
    ECONNREFUSED(111), EHOSTDOWN(112), EHOSTUNREACH(113), EALREADY(114), EINPROGRESS(115), ESTALE(116),
    EUCLEAN(117), ENOTNAM(118), ENAVAIL(119), EISNAM(120), EREMOTEIO(121), EDQUOT(122), ENOMEDIUM(123),
    EMEDIUMTYPE(124), ECANCELED(125), ENOKEY(126), EKEYEXPIRED(127), EKEYREVOKED(128), EKEYREJECTED(129),
    EOWNERDEAD(130), ENOTRECOVERABLE(131), ERFKILL(132), EHWPOISON(133),
    // include/linux/errno.h: kernel-internal, never seen by userspace, but kernel functions return them.
    /** The restart code of interruptible waits; userspace sees EINTR. */
    ERESTARTSYS(512),
    ERESTARTNOINTR(513), ERESTARTNOHAND(514), ENOIOCTLCMD(515), EOPENSTALE(518), ENOPARAM(519),
    EBADHANDLE(521), ENOTSYNC(522), EBADCOOKIE(523), ENOTSUPP(524), ETOOSMALL(525), ESERVERFAULT(526),
    EBADTYPE(527), EJUKEBOX(528), EIOCBQUEUED(529), ERECALLCONFLICT(530), ENOGRACE(531);

    /** Every name, in declaration order. */
    public static final Set<String> NAMES;

    static {
        Set<String> names = new LinkedHashSet<>();
        for (Errno e : values()) {
            names.add(e.name());
        }
        NAMES = Collections.unmodifiableSet(names);
    }

    private final int value;

    Errno(int value) {
        this.value = value;
    }

    /** The positive errno number; the kernel returns its negation. */
    public int value() {
        return value;
    }

    /** Whether a trace may write {@code s} as an errno (exact spelling). */
    public static boolean isName(String s) {
        return NAMES.contains(s);
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

    /** The errno of a number or its negation (the first name of an aliased number). */
    public static Errno ofValue(int value) {
        Errno e = ofValueOrNull(value);
        if (e == null) {
            throw new IllegalArgumentException("unknown errno value " + value);
        }
        return e;
    }

    /** As {@link #ofValue}, null for a number that is no errno of this list. */
    public static Errno ofValueOrNull(long value) {
        long v = Math.abs(value);
        for (Errno e : values()) {
            if (e.value == v) {
                return e;
            }
        }
        return null;
    }
}
