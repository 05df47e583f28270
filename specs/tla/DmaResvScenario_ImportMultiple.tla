--------------------- MODULE DmaResvScenario_ImportMultiple ---------------------
(***************************************************************************)
(* IGT dmabuf_sync_file import-multiple-read-only (Write = FALSE) and      *)
(* import-multiple-read-write (Write = TRUE), with 3 read timelines (f1,   *)
(* f3, f4) instead of 32 and one write timeline (f6): imported read fences *)
(* never block READ but keep WRITE busy until the last one signals; an     *)
(* imported write fence keeps both busy until it signals.  Sync file 1 is *)
(* the READ export, 2 the WRITE export, both taken after the imports.     *)
(***************************************************************************)
EXTENDS DmaResvScenario

CONSTANT Write

Reads == <<f1, f3, f4>>

\* The loop body's checks, before read_timelines[i] is advanced.
LoopCheck ==
    /\ DmaBufBusy(r1, SYNC_READ) = Write
    /\ SyncFileBusy(1) = Write
    /\ DmaBufBusy(r1, SYNC_WRITE)
    /\ SyncFileBusy(2)

Next1 ==
    \/ Step(0, DmaBufImportSyncFile(r1, {Reads[1]}, FALSE))
    \/ Step(1, DmaBufImportSyncFile(r1, {Reads[2]}, FALSE))
    \/ Step(2, DmaBufImportSyncFile(r1, {Reads[3]}, FALSE))
    \/ Step(3, IF Write THEN DmaBufImportSyncFile(r1, {f6}, TRUE)
                        ELSE UNCHANGED vars)
    \/ Step(4, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(5, DmaBufExportSyncFile(r1, TRUE))
    \/ Step(6, DmaFenceSignal(Reads[3]))           \* the loop runs i = 31 .. 0
    \/ Step(7, DmaFenceSignal(Reads[2]))
    \/ Step(8, DmaFenceSignal(Reads[1]))
    \/ Step(9, IF Write THEN DmaFenceSignal(f6) ELSE UNCHANGED vars)
    \/ Done(10)

Expect ==
    /\ step = 0 => ~DmaBufBusy(r1, SYNC_READ) /\ ~DmaBufBusy(r1, SYNC_WRITE)
    /\ step \in {6, 7, 8} => LoopCheck
    /\ step = 9 => /\ DmaBufBusy(r1, SYNC_READ) = Write
                   /\ SyncFileBusy(1) = Write
                   /\ DmaBufBusy(r1, SYNC_WRITE) = Write
                   /\ SyncFileBusy(2) = Write
    /\ step = 10 => /\ ~DmaBufBusy(r1, SYNC_READ) /\ ~SyncFileBusy(1)
                    /\ ~DmaBufBusy(r1, SYNC_WRITE) /\ ~SyncFileBusy(2)
=============================================================================
