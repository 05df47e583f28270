package org.dmabufspec.gpuvm;

import org.dmabufspec.buf.Storage;
import org.dmabufspec.fence.DmaFence;
import org.dmabufspec.importer.Access;

/**
 * Work handed to an engine: it holds the storage it was submitted against, with its access kind,
 * until its fence signals, whatever happens to the mapping it came through (unmap, move_notify
 * and detach stop no engine).
 */
public record DeviceJob(Storage storage, Access kind, DmaFence fence) {
}
