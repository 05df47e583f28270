--------------------- MODULE MCDmaBufCpuDeviceAccess ---------------------
(***************************************************************************)
(* Models of DmaBufCpuDeviceAccess: one buffer with one exporter thread    *)
(* and two regions, dynamic importers d1, d2 (one mapping slot, one job    *)
(* slot each), a userspace process p1 with a PROT_WRITE mmap and a kernel  *)
(* vmap user k1.  The cfg files pick which of them take part.  Evictions   *)
(* are unbounded: the state space is finite without a counter.             *)
(***************************************************************************)
EXTENDS DmaBufCpuDeviceAccess

CONSTANTS b1, d1, d2, m1, j1, r1, r2, e1, p1, k1

MCBuffers   == {b1}
MCDynOne    == {d1}
MCDynPair   == {d1, d2}
MCNone      == {}
MCReadAndDiscardD1 == {d1}
MCReadAndDiscardD2 == {d2}
MCImporterBufOne  == [a \in MCDynOne |-> b1]
MCImporterBufPair == [a \in MCDynPair |-> b1]
MCRegions   == {r1, r2}
MCInitPlacement == [b \in MCBuffers |-> r1]
MCSlot1     == {m1}
MCJobSlots  == {j1}
MCBidir     == {"BIDIRECTIONAL"}
MCExporters == {e1}
MCMmapP1    == {p1}
MCVmapK1    == {k1}
MCCpuUserBufP1   == [u \in {p1} |-> b1]
MCCpuUserBufP1K1 == [u \in {p1, k1} |-> b1]

(***************************************************************************)
(* Fairness for the liveness models: the kernel's scheduling assumptions,  *)
(* each named, so that a counter-model can leave one out.                  *)
(*  - F1: fences complete in finite time: job fences (JobFenceFairness)    *)
(*    and the exporter's move/copy fence (MoveFenceFairness).              *)
(*  - The TLB flush a zap published completes (FlushFairness): it is a     *)
(*    fence too (F1), named apart because it is the hardware's.            *)
(*  - The exporter's thread runs whenever it can (weak fairness on the     *)
(*    thread as a whole): it zaps, walks, moves, and its deferred work      *)
(*    returns the old storage.  Evicting is its choice: not fair.          *)
(*  - R5b's obligation on a 7.1 importer (ImporterTeardown): an            *)
(*    invalidated mapping is eventually zapped and unmapped, which the     *)
(*    exporter's release waits for.  Not needed in 6.15.                  *)
(*  - The fault handler is not starved of the reservation                  *)
(*    (FaultFairness, strong: between evictions the lock is free and the   *)
(*    copy fence signalled infinitely often, and a waiter for the ww_mutex *)
(*    gets it by hand-off);                                                *)
(*    DmaBufCpuDeviceAccess_Live_WeakFault shows weak fairness is not      *)
(*    enough.                                                              *)
(***************************************************************************)
JobFenceFairness ==
    \A a \in Importers, js \in JobSlots : WF_cpuDevVars(DevSignalJob(a, js))

MoveFenceFairness ==
    \A b \in Buffers : WF_cpuDevVars(DevSignalMove(b))

FlushFairness ==
    \A a \in Importers, s \in Slots : WF_cpuDevVars(DevTlbFlushComplete(a, s))

ExporterThread(e) ==
    \/ TtmBoUnmapVirtual(e)
    \/ \E a \in Importers : ExporterMoveNotify(e, a)
    \/ ExporterMove(e)
    \/ \E b \in Buffers : DevReleaseOldStorage(b)

ExporterFairness == \A e \in Exporters : WF_cpuDevVars(ExporterThread(e))

ImporterTeardown(a, s) ==
    /\ ~mapValid[<<a, s>>]
    /\ DevZapPtes(a, s) \/ DevUnmapAttachment(a, s)

ImporterTeardownFairness ==
    \A a \in Importers, s \in Slots : WF_cpuDevVars(ImporterTeardown(a, s))

FaultFairness == \A u \in MmapUsers : SF_cpuDevVars(TtmBoVmFault(u))

LiveSpec ==
    /\ CpuDevSpec
    /\ JobFenceFairness /\ MoveFenceFairness /\ FlushFairness
    /\ ExporterFairness /\ ImporterTeardownFairness /\ FaultFairness

(* Counter-models: LiveSpec with one assumption left out.                  *)
LiveSpecNoJobFences ==
    /\ CpuDevSpec
    /\ MoveFenceFairness /\ FlushFairness
    /\ ExporterFairness /\ ImporterTeardownFairness /\ FaultFairness
LiveSpecNoFlush ==
    /\ CpuDevSpec
    /\ JobFenceFairness /\ MoveFenceFairness
    /\ ExporterFairness /\ ImporterTeardownFairness /\ FaultFairness
LiveSpecNoMoveFence ==
    /\ CpuDevSpec
    /\ JobFenceFairness /\ FlushFairness
    /\ ExporterFairness /\ ImporterTeardownFairness /\ FaultFairness
LiveSpecNoTeardown ==
    /\ CpuDevSpec
    /\ JobFenceFairness /\ MoveFenceFairness /\ FlushFairness
    /\ ExporterFairness /\ FaultFairness
(* Weak instead of strong fairness for the fault handler: evictions that   *)
(* follow each other for ever keep the reservation or a move fence busy    *)
(* whenever the handler looks, so weak fairness does not make it run.      *)
LiveSpecWeakFault ==
    /\ CpuDevSpec
    /\ JobFenceFairness /\ MoveFenceFairness /\ FlushFairness
    /\ ExporterFairness /\ ImporterTeardownFairness
    /\ \A u \in MmapUsers : WF_cpuDevVars(TtmBoVmFault(u))
=============================================================================
