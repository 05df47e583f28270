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

\* The loop body's checks, before read_timelines[i] is advanced: poll()
\* from step n on, and the two sync_files exported at steps 8 and 9.
LoopCheck(n) ==
    /\ PollProbeSaw(n, Write, TRUE)
    /\ step = n + 1 => SyncFileBusy(1) = Write /\ SyncFileBusy(2)

Next1 ==
    \/ PollProbe(0)                                   \* idle
    \/ Step(4, DmaBufImportSyncFile(r1, {Reads[1]}, FALSE))
    \/ Step(5, DmaBufImportSyncFile(r1, {Reads[2]}, FALSE))
    \/ Step(6, DmaBufImportSyncFile(r1, {Reads[3]}, FALSE))
    \/ Step(7, IF Write THEN DmaBufImportSyncFile(r1, {f6}, TRUE)
                        ELSE UNCHANGED vars)
    \/ Step(8, DmaBufExportSyncFile(r1, FALSE))
    \/ Step(9, DmaBufExportSyncFile(r1, TRUE))
    \/ PollProbe(10)
    \/ Step(14, DmaFenceSignal(Reads[3]))           \* the loop runs i = 31 .. 0
    \/ PollProbe(15)
    \/ Step(19, DmaFenceSignal(Reads[2]))
    \/ PollProbe(20)
    \/ Step(24, DmaFenceSignal(Reads[1]))
    \/ PollProbe(25)
    \/ Step(29, IF Write THEN DmaFenceSignal(f6) ELSE UNCHANGED vars)
    \/ PollProbe(30)
    \/ Done(34)

Expect ==
    /\ PollProbeSaw(0, FALSE, FALSE)
    /\ \A n \in {10, 15, 20} : LoopCheck(n)
    /\ PollProbeSaw(25, Write, Write)
    /\ step = 26 => SyncFileBusy(1) = Write /\ SyncFileBusy(2) = Write
    /\ PollProbeSaw(30, FALSE, FALSE)
    /\ step = 31 => ~SyncFileBusy(1) /\ ~SyncFileBusy(2)
=============================================================================
