----------------------- MODULE DmaResvScenario_ImportBasic -----------------------
(***************************************************************************)
(* IGT dmabuf_sync_file import-basic: fences of one sw_sync timeline (f1,  *)
(* f2, f5 = points 1, 2, 3 of context c1) imported with READ make only     *)
(* WRITE/RW busy; with WRITE or RW they make everything busy; advancing    *)
(* the timeline clears it.                                                 *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Probe(0)                                         \* idle
    \/ Step(6, DmaBufImportSyncFile(r1, {f1}, FALSE))   \* import_timeline_fence(READ, 1)
    \/ Probe(7)
    \/ Step(13, DmaFenceSignal(f1))                     \* sw_sync_timeline_inc
    \/ Probe(14)
    \/ Step(20, DmaBufImportSyncFile(r1, {f2}, TRUE))   \* WRITE, point 2
    \/ Probe(21)
    \/ Step(27, DmaFenceSignal(f2))
    \/ Probe(28)
    \/ Step(34, DmaBufImportSyncFile(r1, {f5}, TRUE))   \* RW, point 3 (usage WRITE)
    \/ Probe(35)
    \/ Step(41, DmaFenceSignal(f5))
    \/ Probe(42)
    \/ Done(48)

Expect ==
    /\ ProbeSaw(0, FALSE, FALSE)
    /\ ProbeSaw(7, FALSE, TRUE)      \* a read fence: READ not busy, WRITE and RW busy
    /\ \A n \in {14, 28, 42} : ProbeSaw(n, FALSE, FALSE)
    /\ \A n \in {21, 35} : ProbeSaw(n, TRUE, TRUE)
=============================================================================
