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
MCInitPlacement == [b \in MCBuffers |-> r1]

(* Fairness for the liveness models: the core's and the exporter's steps  *)
(* and fence signals are weakly fair (F1: fences complete in finite time); *)
(* steps that need the resv lock are strongly fair (the lock is free       *)
(* infinitely often); an invalidated dynamic importer keeps trying to      *)
(* re-map (R4 "as soon as possible"); a waiting importer's fence wait is   *)
(* strongly fair because other jobs come and go.                           *)
Fairness ==
    /\ \A b \in Buffers :
         /\ WF_vars(DmaBufMove(b))
         /\ WF_vars(DmaFenceSignalMove(b))
         /\ WF_vars(DmaBufReleaseOldStorage(b))
    /\ \A a \in Importers :
         /\ WF_vars(DmaBufMoveNotify(a))
         /\ WF_vars(DmaFenceSignalJob(a))
         /\ SF_vars(DmaBufAttachListAdd(a))
         /\ SF_vars(DmaBufDetachListDel(a))
         /\ SF_vars(DmaBufMapAttachmentUnlockedLocked(a))
         /\ SF_vars(ExporterMapCallbackLock(a))
         /\ WF_vars(DmaResvUnlock(a))
         /\ SF_vars(Invalidated(a) /\ DmaResvLock(a))
         /\ SF_vars(Invalidated(a) /\ DmaBufUnmapAttachment(a))
         /\ SF_vars(pc[a] = "locked" /\ DmaBufMapAttachment(a))
         /\ SF_vars(ImporterWaitFences(a))
         /\ SF_vars(DmaBufUnmapAttachmentUnlocked(a) /\ Invalidated(a))

LiveSpec == Spec /\ Fairness
=============================================================================
