-------------------- MODULE DmaResvScenario_ExportBeforeSignal --------------------
(***************************************************************************)
(* IGT dmabuf_sync_file export-before-signal: sync_files exported while a  *)
(* vgem fence is pending reflect it (read fence: only the WRITE export is  *)
(* busy; write fence: both are) and become idle when it signals.           *)
(* Sync files 1, 2 are the first read/write exports, 3, 4 the second.     *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, VgemFenceAttach(r1, f3, FALSE))
    \/ Step(1, DmaBufExportSyncFile(r1, FALSE))    \* read_fd
    \/ Step(2, DmaBufExportSyncFile(r1, TRUE))     \* write_fd
    \/ Step(3, DmaFenceSignal(f3))
    \/ Step(4, VgemFenceAttach(r1, f4, TRUE))
    \/ Step(5, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(6, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(7, DmaFenceSignal(f4))
    \/ Done(8)

Expect ==
    /\ step = 0 => ~DmaBufSyncFileBusy(r1, SYNC_READ) /\ ~DmaBufSyncFileBusy(r1, SYNC_WRITE)
    /\ step = 3 => ~SyncFileBusy(1) /\ SyncFileBusy(2)
    /\ step = 4 => ~SyncFileBusy(1) /\ ~SyncFileBusy(2)
    /\ step = 7 => SyncFileBusy(3) /\ SyncFileBusy(4)
    /\ step = 8 => ~SyncFileBusy(3) /\ ~SyncFileBusy(4)
=============================================================================
