package org.dmabufspec.conformance.checker;

import java.util.List;

/** A {@code struct sync_file}: a snapshot of fences taken when it was made; null when not logged. */
record SyncFileState(List<String> fences) {
}
