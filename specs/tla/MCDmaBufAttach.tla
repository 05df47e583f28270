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

(* Fairness for the liveness models.  The exporter's steps and fence      *)
(* signals are weakly fair (F1: fences complete in finite time).  Each     *)
(* importer is strongly fair on its lock-taking steps as a whole (the lock *)
(* is free infinitely often, so a waiter eventually gets it), and an       *)
(* invalidated dynamic importer keeps trying to re-map (R4 "as soon as     *)
(* possible"); nobody holds the lock forever.  NOTE: few fairness conjuncts on purpose: TLC expands them  *)
(* into disjunctive normal form, 2^n for n strong-fairness conditions.     *)
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

Fairness ==
    /\ \A b \in Buffers :
         /\ WF_vars(DmaBufMove(b))
         /\ WF_vars(DmaFenceSignalMove(b))
         /\ WF_vars(DmaBufReleaseOldStorage(b))
    /\ \A a \in Importers :
         /\ WF_vars(DmaBufMoveNotify(a))
         /\ WF_vars(DmaFenceSignalJob(a))
    /\ \A a \in Importers : SF_vars(LockStep(a))
    /\ \A a \in DynamicImporters :
         /\ WF_vars(DmaResvUnlock(a))
         /\ SF_vars(RemapStep(a))
         /\ SF_vars(ImporterWaitFences(a))

LiveSpec == Spec /\ Fairness
=============================================================================
