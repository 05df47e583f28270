----------------------- MODULE DmaResvScenario_ExportBasic -----------------------
(***************************************************************************)
(* IGT tests/dmabuf_sync_file.c export-basic (vgem exporter): an idle      *)
(* buffer is not busy for READ/WRITE by poll or by an exported sync_file;  *)
(* after a vgem read fence READ is not busy but WRITE and RW are; after    *)
(* it signals nothing is busy; after a vgem write fence everything is      *)
(* busy; after it signals nothing is.                                      *)
(***************************************************************************)
EXTENDS DmaResvScenario

Next1 ==
    \/ Probe(0)                                    \* idle
    \/ Step(6, VgemFenceAttach(r1, f3, FALSE))     \* fence = vgem_fence_attach(fd, &bo, 0)
    \/ Probe(7)
    \/ Step(13, DmaFenceSignal(f3))                \* vgem_fence_signal
    \/ Probe(14)
    \/ Step(20, VgemFenceAttach(r1, f4, TRUE))     \* VGEM_FENCE_WRITE
    \/ Probe(21)
    \/ Step(27, DmaFenceSignal(f4))
    \/ Probe(28)
    \/ Done(34)

Expect ==
    /\ ProbeSaw(0, FALSE, FALSE)
    /\ ProbeSaw(7, FALSE, TRUE)     \* a reader: READ not busy, WRITE and RW busy
    /\ ProbeSaw(14, FALSE, FALSE)
    /\ ProbeSaw(21, TRUE, TRUE)     \* a writer: everything busy
    /\ ProbeSaw(28, FALSE, FALSE)
=============================================================================
