package org.dmabufspec.uapi;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.kernel.KernelError;
import org.dmabufspec.trace.Errno;

/**
 * A file udmabuf can be created from: a {@code memfd_create} file (shmem, or hugetlbfs with
 * MFD_HUGETLB) with its seals, or any other file (which udmabuf rejects with -EBADFD). The pages
 * are one byte array that a udmabuf maps without copying, so writes through either are seen by
 * the other.
 */
public final class Memfd {
    /** Backing filesystem: udmabuf accepts shmem and hugetlbfs only. */
    public enum Backing { SHMEM, HUGETLBFS, OTHER }

    // include/uapi/linux/fcntl.h
    public static final int F_SEAL_SEAL = 0x0001;
    public static final int F_SEAL_SHRINK = 0x0002;
    public static final int F_SEAL_GROW = 0x0004;
    public static final int F_SEAL_WRITE = 0x0008;
    public static final int F_SEAL_FUTURE_WRITE = 0x0010;

    private final String name;
    private final Backing backing;
    private final byte[] pages;
    private int seals;

    private Memfd(String name, Backing backing, long size) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memfd size " + size);
        }
        this.name = name;
        this.backing = backing;
        this.pages = new byte[(int) size];
    }

    /** {@code memfd_create(name, MFD_ALLOW_SEALING)} + {@code ftruncate(size)}. */
    public static Memfd create(String name, long size) {
        return new Memfd(name, Backing.SHMEM, size);
    }

    /** A file on another filesystem of that size (e.g. a tmp file on ext4). */
    public static Memfd otherFile(String name, long size, Backing backing) {
        return new Memfd(name, backing, size);
    }

    public String name() {
        return name;
    }

    public Backing backing() {
        return backing;
    }

    public long size() {
        return pages.length;
    }

    /** The page cache of the file: shared with every udmabuf made from it. */
    public byte[] pages() {
        return pages;
    }

    /** {@code fcntl(F_GET_SEALS)}. */
    public synchronized int seals() {
        return seals;
    }

    /** {@code fcntl(F_ADD_SEALS)}: -EPERM once F_SEAL_SEAL is set, -EINVAL on a non-memfd. */
    public synchronized void addSeals(int add) {
        if (backing == Backing.OTHER) {
            throw new KernelError(Errno.EINVAL, name + " does not support sealing");
        }
        if ((seals & F_SEAL_SEAL) != 0) {
            throw new KernelError(Errno.EPERM, name + " is sealed against new seals");
        }
        seals |= add;
    }

    /** Seal names as in fcntl.h without the prefix, for traces ("SHRINK", "WRITE", ...). */
    public static List<String> sealNames(int seals) {
        List<String> out = new ArrayList<>();
        String[] names = {"SEAL", "SHRINK", "GROW", "WRITE", "FUTURE_WRITE"};
        for (int i = 0; i < names.length; i++) {
            if ((seals & (1 << i)) != 0) {
                out.add(names[i]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
