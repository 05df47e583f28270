--------------- MODULE MCDmaBufAttach_B17MapUnlockedUnderLock ---------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_B17MapUnlockedUnderLock.cfg.                          *)
EXTENDS MCDmaBufAttach

(* B17 (c956940a4ab7 "RDMA/umem: Use dma-buf locked API to solve           *)
(* deadlock"): after the 6.2 conversion the dynamic importer called        *)
(* dma_buf_map_attachment_unlocked() while it already held the resv,       *)
(* which then does dma_resv_lock(resv, NULL) on its own lock.              *)
(* Expected: NoRecursiveResvLock.                                          *)
MapUnlockedWhileLocked(a) ==
    /\ pc[a] = "locked"
    /\ ~mapped[a]
    /\ pc' = [pc EXCEPT ![a] = "map_unlocked"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>
=============================================================================
