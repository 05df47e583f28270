package org.dmabufspec.uapi;

import org.dmabufspec.buf.DmaBuf;

/** A CPU mapping of a dma-buf fd (a VMA): it holds a reference to the buffer's file until munmap. */
public record DmaBufMmap(DmaBuf buf, long offset, long len, boolean shared) {
}
