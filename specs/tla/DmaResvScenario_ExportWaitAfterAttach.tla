------------------ MODULE DmaResvScenario_ExportWaitAfterAttach ------------------
(***************************************************************************)
(* IGT dmabuf_sync_file export-wait-after-attach: exports taken before a   *)
(* write fence is attached stay idle (snapshot semantics, U4); exports     *)
(* taken after it wait for it only, not for a later write fence.          *)
(* Sync files 1, 2 are the first read/write exports, 3, 4 the second.     *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(1, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(2, VgemFenceAttach(r1, f3, TRUE))      \* fence1
    \/ Step(3, DmaBufExportSyncFile(r1, FALSE))    \* these wait on fence1
    \/ Step(4, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(5, DmaFenceSignal(f3))
    \/ Step(6, VgemFenceAttach(r1, f4, TRUE))      \* fence2
    \/ Step(7, DmaBufExportSyncFile(r1, FALSE))    \* these wait on fence2
    \/ Step(8, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(9, DmaFenceSignal(f4))
    \/ Done(10)

Expect ==
    /\ step = 3 => ~SyncFileBusy(1) /\ ~SyncFileBusy(2)
    /\ step = 5 => SyncFileBusy(3) /\ SyncFileBusy(4)
    /\ step = 9 => /\ ~SyncFileBusy(3) /\ ~SyncFileBusy(4)             \* fence1 has signalled
                   /\ SyncFileBusy(5) /\ SyncFileBusy(6)               \* fence2 has not
=============================================================================
