package org.dmabufspec.conformance.relation.walk;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link SpecOracle} needs besides the spec state to read a trace: which ids name the spec's
 * attachments, tables and fences, and the steps of the exporter's eviction that the spec makes one
 * atomic DmaBufMove (the move, the KERNEL fence added for it, the reservation that fence used).
 * Copy-on-write: {@link #copy()} before changing one that is already in a set.
 */
final class OracleAux {
    boolean exported;
    final Map<String, String> attach = new HashMap<>();
    final Set<String> used = new HashSet<>();
    final Map<String, String> sgt = new HashMap<>();
    final Map<String, String> cachedSgt = new HashMap<>();
    final Map<String, String> jobFence = new HashMap<>();
    final Set<String> moveFences = new HashSet<>();
    final Map<String, Long> credits = new HashMap<>();
    String pendingFrom;
    String pendingTo;
    String moveFence;
    boolean notifyReturned;
    int notified;

    OracleAux copy() {
        OracleAux o = new OracleAux();
        o.exported = exported;
        o.attach.putAll(attach);
        o.used.addAll(used);
        o.sgt.putAll(sgt);
        o.cachedSgt.putAll(cachedSgt);
        o.jobFence.putAll(jobFence);
        o.moveFences.addAll(moveFences);
        o.credits.putAll(credits);
        o.pendingFrom = pendingFrom;
        o.pendingTo = pendingTo;
        o.moveFence = moveFence;
        o.notifyReturned = notifyReturned;
        o.notified = notified;
        return o;
    }

    /** Ends an eviction's hold of the lock. */
    void endEviction() {
        pendingFrom = null;
        pendingTo = null;
        moveFence = null;
        notifyReturned = false;
        notified = 0;
    }

    @Override
    public boolean equals(Object x) {
        return x instanceof OracleAux o && exported == o.exported && attach.equals(o.attach) && used.equals(o.used)
                && sgt.equals(o.sgt) && cachedSgt.equals(o.cachedSgt) && jobFence.equals(o.jobFence)
                && moveFences.equals(o.moveFences) && credits.equals(o.credits) && Objects.equals(pendingFrom, o.pendingFrom)
                && Objects.equals(pendingTo, o.pendingTo) && Objects.equals(moveFence, o.moveFence)
                && notifyReturned == o.notifyReturned && notified == o.notified;
    }

    @Override
    public int hashCode() {
        return Objects.hash(exported, attach, used, sgt, cachedSgt, jobFence, moveFences, credits, pendingFrom, pendingTo,
                moveFence, notifyReturned, notified);
    }
}
