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
    \/ Step(0, VgemFenceAttach(r1, f3, FALSE))     \* fence = vgem_fence_attach(fd, &bo, 0)
    \/ Step(1, DmaFenceSignal(f3))                 \* vgem_fence_signal
    \/ Step(2, VgemFenceAttach(r1, f4, TRUE))      \* VGEM_FENCE_WRITE
    \/ Step(3, DmaFenceSignal(f4))
    \/ Done(4)

Expect ==
    /\ step = 0 => AllIdle(r1)
    /\ step = 1 => /\ ~DmaBufBusy(r1, SYNC_READ)
                   /\ DmaBufBusy(r1, SYNC_WRITE) /\ DmaBufBusy(r1, SYNC_RW)
                   /\ ~DmaBufSyncFileBusy(r1, SYNC_READ)
                   /\ DmaBufSyncFileBusy(r1, SYNC_WRITE) /\ DmaBufSyncFileBusy(r1, SYNC_RW)
    /\ step = 2 => AllIdle(r1)
    /\ step = 3 => \A fl \in {SYNC_READ, SYNC_WRITE, SYNC_RW} :
                       DmaBufBusy(r1, fl) /\ DmaBufSyncFileBusy(r1, fl)
    /\ step = 4 => AllIdle(r1)
=============================================================================
