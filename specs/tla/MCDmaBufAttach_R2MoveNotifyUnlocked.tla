---------------- MODULE MCDmaBufAttach_R2MoveNotifyUnlocked -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R2MoveNotifyUnlocked.cfg.                             *)
EXTENDS MCDmaBufAttach

(* R2: an exporter that evicts and calls dma_buf_move_notify without       *)
(* taking the reservation lock (the core's dma_resv_assert_held would     *)
(* fire): importers can lock, attach and map in the middle of the walk.    *)
(* Expected: MoveNotifyUnderLock.                                          *)
EvictWithoutLock(b) ==
    /\ expPc = "idle"
    /\ b \in DynamicExporters
    /\ moveFence[b] = "none"
    /\ ~Pinned(b)
    /\ MoveTargets(b) # {}
    /\ expPc' = "notify"
    /\ expBuf' = b
    /\ walkSnapshot' = attachments[b]
    /\ walkTodo' = {a \in attachments[b] : importerOps[a]}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, pinVars, storeVars>>
=============================================================================
