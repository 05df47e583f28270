----------------------- MODULE DmaResvScenario_ImportBasic -----------------------
(***************************************************************************)
(* IGT dmabuf_sync_file import-basic: fences of one sw_sync timeline (f1,  *)
(* f2, f5 = points 1, 2, 3 of context c1) imported with READ make only     *)
(* WRITE/RW busy; with WRITE or RW they make everything busy; advancing    *)
(* the timeline clears it.                                                 *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, DmaBufImportSyncFile(r1, {f1}, FALSE))  \* import_timeline_fence(READ, 1)
    \/ Step(1, DmaFenceSignal(f1))                     \* sw_sync_timeline_inc
    \/ Step(2, DmaBufImportSyncFile(r1, {f2}, TRUE))   \* WRITE, point 2
    \/ Step(3, DmaFenceSignal(f2))
    \/ Step(4, DmaBufImportSyncFile(r1, {f5}, TRUE))   \* RW, point 3 (usage WRITE)
    \/ Step(5, DmaFenceSignal(f5))
    \/ Done(6)

Expect ==
    /\ step = 0 => ~DmaBufBusy(r1, SYNC_READ) /\ ~DmaBufBusy(r1, SYNC_WRITE)
    /\ step = 1 => /\ ~DmaBufBusy(r1, SYNC_READ)
                   /\ DmaBufBusy(r1, SYNC_WRITE) /\ DmaBufBusy(r1, SYNC_RW)
                   /\ ~DmaBufSyncFileBusy(r1, SYNC_READ)
                   /\ DmaBufSyncFileBusy(r1, SYNC_WRITE) /\ DmaBufSyncFileBusy(r1, SYNC_RW)
    /\ step \in {2, 4, 6} => AllIdle(r1)
    /\ step \in {3, 5} => \A fl \in {SYNC_READ, SYNC_WRITE, SYNC_RW} :
                              DmaBufBusy(r1, fl) /\ DmaBufSyncFileBusy(r1, fl)
=============================================================================
