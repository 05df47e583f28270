--------------------------- MODULE MCDmaBufAttach ---------------------------
(***************************************************************************)
(* Small models of DmaBufAttach: one buffer, a static importer s1 and a    *)
(* dynamic importer d1 (the pair every seed thread argues about), two      *)
(* regions so an eviction always has somewhere to go.  The cfg files pick  *)
(* KernelBehaviour, MoveNotify and which exporter flavour b1 has.          *)
(* Evictions are unbounded: the state space is finite without a counter.   *)
(***************************************************************************)
EXTENDS DmaBufAttach, TLC

CONSTANTS b1, s1, d1, r1, r2, exporter

MCBuffers   == {b1}
MCImporters == {s1, d1}
MCRegions   == {r1, r2}
MCImporterBuf == [a \in MCImporters |-> b1]
MCDynamicImporters == {d1}
MCNoBuffers == {}
MCUsage == [a \in MCImporters |-> IF a = d1 THEN "write" ELSE "read"]
\* MCDmaBufAttach_6_15_Bookkeep: the dynamic importer's jobs add BOOKKEEP fences
\* (no implicit sync for it), the static importer writes.
MCUsageBookkeep == [a \in MCImporters |-> IF a = d1 THEN "bookkeep" ELSE "write"]
MCInitPlacement == [b \in MCBuffers |-> r1]
MCNoRegions == {}
MCVram == {r2}   \* for the P2P models: r2 is VRAM behind a BAR, r1 is GTT

(* Fairness for the liveness models: the kernel's scheduling assumptions, *)
(* and R4's obligation on the importer, each named.  NOTE: few fairness    *)
(* conjuncts on purpose: TLC expands them into disjunctive normal form,    *)
(* 2^n for n strong-fairness conditions.                                   *)
(*  - F1: fences complete in finite time (job fences, the move fence).     *)
(*  - The exporter's thread runs whenever it can (weak fairness on the     *)
(*    thread as a whole, not per step): inside dma_buf_move_notify it      *)
(*    walks on and then moves; afterwards its deferred work returns the    *)
(*    old storage.  Evicting is its choice (memory pressure): not fair.    *)
(*  - Mutex hand-off (kernel/locking/mutex.c: a waiter that keeps losing  *)
(*    the lock sets MUTEX_FLAG_HANDOFF and the unlocker hands it over): an *)
(*    importer waiting for the reservation lock, which is free infinitely  *)
(*    often, gets it (strong fairness on its lock-taking steps).           *)
(*    DmaBufAttach_NoLockHandoff_* show what weak fairness alone allows.   *)
(*  - A thread holding the lock releases it (nobody holds it forever).     *)
(*  - R4's obligation on a dynamic importer, not a scheduler property: an  *)
(*    invalidated importer keeps trying to re-map ("as soon as possible")  *)
(*    and to wait for the fences of its new mapping.                      *)
(*    DmaBufAttach_WriterFenceNeverSignals shows InvalidatedImporterRemaps *)
(*    still needs F1 on the other importers' fences: it is not implied by  *)
(*    this obligation alone.                                               *)
LockStep(a) ==
    \/ DmaBufAttachListAdd(a)
    \/ DmaBufAttachCacheMap(a)
    \/ DmaBufDetachListDel(a)
    \/ DmaBufMapAttachmentUnlockedLocked(a)
    \/ ExporterMapCallbackLock(a)
    \/ DmaResvLock(a) /\ ~(mapped[a] /\ mapValid[a])   \* to (re-)map

(* What a dynamic importer without a valid mapping does while it holds    *)
(* the lock: unmap the stale table, map the new place.                     *)
RemapStep(a) ==
    \/ DmaBufUnmapAttachment(a) /\ Invalidated(a)
    \/ DmaBufMapAttachment(a)

(* The exporter's thread: the move_notify walk, the move that ends it, and *)
(* returning old storage.                                                  *)
ExporterThread ==
    \/ \E a \in Importers : DmaBufMoveNotify(a)
    \/ \E b \in Buffers : DmaBufMove(b) \/ DmaBufReleaseOldStorage(b)

FenceFairness ==
    /\ \A b \in Buffers : WF_vars(DmaFenceSignalMove(b))
    /\ \A a \in Importers : WF_vars(DmaFenceSignalJob(a))

LockHandoff == \A a \in Importers : SF_vars(LockStep(a))

ImporterRemaps ==
    \A a \in DynamicImporters :
         /\ SF_vars(RemapStep(a))
         /\ SF_vars(ImporterWaitFences(a))

Fairness ==
    /\ FenceFairness
    /\ WF_vars(ExporterThread)
    /\ LockHandoff
    /\ \A a \in DynamicImporters : WF_vars(DmaResvUnlock(a))
    /\ ImporterRemaps

LiveSpec == Spec /\ Fairness
=============================================================================
