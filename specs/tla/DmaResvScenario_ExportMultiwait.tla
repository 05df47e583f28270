--------------------- MODULE DmaResvScenario_ExportMultiwait ---------------------
(***************************************************************************)
(* IGT dmabuf_sync_file export-multiwait: a WRITE export taken with two    *)
(* vgem read fences pending stays busy until both signal and ignores a     *)
(* third read fence attached after the export (snapshot, U4).             *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Step(0, VgemFenceAttach(r1, f1, FALSE))     \* fence1
    \/ Step(1, VgemFenceAttach(r1, f3, FALSE))     \* fence2
    \/ Step(2, DmaBufExportSyncFile(r1, TRUE))     \* sync_file (WRITE)
    \/ Step(3, VgemFenceAttach(r1, f4, FALSE))     \* fence3, after the export
    \/ Step(4, DmaFenceSignal(f1))
    \/ Step(5, DmaFenceSignal(f3))
    \/ Step(6, DmaFenceSignal(f4))
    \/ Done(7)

Expect ==
    /\ step = 4 => SyncFileBusy(1)
    /\ step = 5 => SyncFileBusy(1)
    /\ step = 6 => ~SyncFileBusy(1) /\ ~signalled[f4]
=============================================================================
