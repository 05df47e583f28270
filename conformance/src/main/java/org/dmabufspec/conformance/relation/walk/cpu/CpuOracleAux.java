package org.dmabufspec.conformance.relation.walk.cpu;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link CpuSpecOracle} needs besides the spec state to read a trace: the reservation lock as
 * the trace shows it (the spec's importer and CPU actions are atomic and only exclude the exporter's
 * eviction; the trace's calls take the lock around them), the reservation credits, which ids name
 * the spec's attachment, table, fences, mmap and vmap, and the obligations of the eviction's hold
 * (the core's dma_buf_move_notify called, the move's KERNEL fence and the flush fence of PTEs a
 * move_notify zapped added before the unlock). Copy-on-write: {@link #copy()} before changing one
 * that is already in a set.
 */
final class CpuOracleAux {
    boolean exported;
    String holder;
    final Map<String, Long> credits = new HashMap<>();
    final Set<String> used = new HashSet<>();
    String attach;
    String sgt;
    String jobFence;
    String jobSgt;
    String flushFence;
    String moveFence;
    String vma;
    String vmapAddr;
    boolean notifyCalled;
    boolean pendingMove;
    boolean pendingFlush;

    CpuOracleAux copy() {
        CpuOracleAux o = new CpuOracleAux();
        o.exported = exported;
        o.holder = holder;
        o.credits.putAll(credits);
        o.used.addAll(used);
        o.attach = attach;
        o.sgt = sgt;
        o.jobFence = jobFence;
        o.jobSgt = jobSgt;
        o.flushFence = flushFence;
        o.moveFence = moveFence;
        o.vma = vma;
        o.vmapAddr = vmapAddr;
        o.notifyCalled = notifyCalled;
        o.pendingMove = pendingMove;
        o.pendingFlush = pendingFlush;
        return o;
    }

    /** A new id: false if the trace used it before. */
    boolean fresh(String id) {
        return id != null && used.add(id);
    }

    @Override
    public boolean equals(Object x) {
        return x instanceof CpuOracleAux o && exported == o.exported && Objects.equals(holder, o.holder)
                && credits.equals(o.credits) && used.equals(o.used) && Objects.equals(attach, o.attach)
                && Objects.equals(sgt, o.sgt) && Objects.equals(jobFence, o.jobFence) && Objects.equals(jobSgt, o.jobSgt)
                && Objects.equals(flushFence, o.flushFence) && Objects.equals(moveFence, o.moveFence)
                && Objects.equals(vma, o.vma) && Objects.equals(vmapAddr, o.vmapAddr) && notifyCalled == o.notifyCalled
                && pendingMove == o.pendingMove && pendingFlush == o.pendingFlush;
    }

    @Override
    public int hashCode() {
        return Objects.hash(exported, holder, credits, used, attach, sgt, jobFence, jobSgt, flushFence, moveFence, vma, vmapAddr,
                notifyCalled, pendingMove, pendingFlush);
    }
}
