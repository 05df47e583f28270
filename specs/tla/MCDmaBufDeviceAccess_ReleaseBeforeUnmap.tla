------------- MODULE MCDmaBufDeviceAccess_ReleaseBeforeUnmap -------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated action.   *)
(* Check: MCDmaBufDeviceAccess_ReleaseBeforeUnmap.cfg (7.1, one            *)
(* read-and-discard importer).                                             *)
EXTENDS MCDmaBufDeviceAccess

(* A 7.1 exporter that frees the old storage once the move fence           *)
(* signalled, without waiting for the importers to unmap it: it does step  *)
(* (1) of the dma_buf_invalidate_mappings contract (R5b, wait for the resv *)
(* fences) and skips step (2) (wait for the unmap).  A read-and-discard    *)
(* importer keeps its translations after invalidate_mappings and its       *)
(* engines may still read through them until it unmaps, so the freed       *)
(* region is still translated.  Expected: FreedRegionUnreferenced.         *)
ReleaseWithoutUnmapWait(b) ==
    /\ moveFence[b] = "signalled"
    /\ storage'   = [storage EXCEPT ![moveFrom[b]] = Free]
    /\ moveFrom'  = [moveFrom EXCEPT ![b] = NoRegion]
    /\ moveFence' = [moveFence EXCEPT ![b] = "none"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapVars, jobVars, placement, moveWaitJobs,
                   moveWaitFlush, expVars>>
=============================================================================
