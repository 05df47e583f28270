package org.dmabufspec.conformance.relation.walk.resv;

import java.util.List;

import org.dmabufspec.conformance.relation.resv.ResvState;

/**
 * One step of a {@link ResvWalk}: a DmaResv action (or, for {@link #QUERIES}, a read-only query
 * the spec answers from the state: before == after) with the parameters it was taken with.
 *
 * @param action  the TLA+ action name, or a query name
 * @param proc    the Procs element that took it, or "" for the proc-less actions
 * @param resv    the resv it touched, or ""
 * @param fence   the fence signalled, added or attached, or ""
 * @param usage   the usage added or queried (DmaResv's integers), or -1
 * @param write   SYNC_WRITE / write flag of the call
 * @param n       dma_resv_reserve_fences' num, or the 1-based sync file of an import or poll (0: none)
 * @param dir     the poll direction ("in"/"out"), or ""
 * @param comps   the components of an IMPORT_SYNC_FILE
 */
public record ResvWalkStep(String action, String proc, String resv, String fence, int usage, boolean write, int n,
                           String dir, List<String> comps, ResvState before, ResvState after) {
    /** Queries: stuttering steps, logged as calls that read the reservation. */
    public static final List<String> QUERIES = List.of("DmaResvTestSignaled", "DmaResvGetFences", "DmaResvWaitTimeoutZero",
            "SyncFilePoll");

    public ResvWalkStep {
        comps = List.copyOf(comps);
    }

    public boolean isQuery() {
        return QUERIES.contains(action);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(action).append('(');
        for (String x : List.of(proc, resv, fence, dir)) {
            if (!x.isEmpty()) {
                b.append(b.charAt(b.length() - 1) == '(' ? "" : ",").append(x);
            }
        }
        if (usage >= 0) {
            b.append(",u").append(usage);
        }
        if (n > 0) {
            b.append(",n").append(n);
        }
        if (!comps.isEmpty()) {
            b.append(',').append(comps);
        }
        return b.append(')').toString();
    }
}
