-------------------- MODULE DmaResvScenario_ExportBeforeSignal --------------------
(***************************************************************************)
(* IGT dmabuf_sync_file export-before-signal: sync_files exported while a  *)
(* vgem fence is pending reflect it (read fence: only the WRITE export is  *)
(* busy; write fence: both are) and become idle when it signals.           *)
(* Sync files 1, 2 are the first read/write exports, 3, 4 the second.     *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, DmaBufExportSyncFile(r1, FALSE))    \* idle buffer
    \/ Step(1, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(2, VgemFenceAttach(r1, f3, FALSE))
    \/ Step(3, DmaBufExportSyncFile(r1, FALSE))    \* read_fd
    \/ Step(4, DmaBufExportSyncFile(r1, TRUE))     \* write_fd
    \/ Step(5, DmaFenceSignal(f3))
    \/ Step(6, VgemFenceAttach(r1, f4, TRUE))
    \/ Step(7, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(8, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(9, DmaFenceSignal(f4))
    \/ Done(10)

Expect ==
    /\ step = 2 => ~SyncFileBusy(1) /\ ~SyncFileBusy(2)
    /\ step = 5 => ~SyncFileBusy(3) /\ SyncFileBusy(4)
    /\ step = 6 => ~SyncFileBusy(3) /\ ~SyncFileBusy(4)
    /\ step = 9 => SyncFileBusy(5) /\ SyncFileBusy(6)
    /\ step = 10 => ~SyncFileBusy(5) /\ ~SyncFileBusy(6)
=============================================================================
