package org.dmabufspec.conformance.relation.resv;

import java.util.Set;

/** One element of DmaResv's {@code syncFiles}: an EXPORT_SYNC_FILE snapshot {@code [resv, usage, fences, known]}. */
public record SyncFile(String resv, int usage, Set<String> fences, Set<String> known) {
    public SyncFile {
        fences = Set.copyOf(fences);
        known = Set.copyOf(known);
    }
}
