------------------ MODULE MCDmaBufAttach_MoveWithoutNotify ------------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_MoveWithoutNotify.cfg.                                *)
EXTENDS MCDmaBufAttach

(* R4: an exporter that moves the buffer without calling                   *)
(* dma_buf_move_notify(): dynamic importers keep mappings they believe     *)
(* valid to the old place.  Expected: ValidMappingsCurrent.                *)
EvictWithoutNotify(b) ==
    /\ expPc = "idle"
    /\ b \in DynamicExporters
    /\ holder[b] = NoHolder
    /\ moveFence[b] = "none"
    /\ ~Pinned(b)
    /\ MoveTargets(b) # {}
    /\ holder' = [holder EXCEPT ![b] = Exporter]
    /\ expPc' = "notify"
    /\ expBuf' = b
    /\ walkSnapshot' = attachments[b]
    /\ walkTodo' = {}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars, storeVars>>
=============================================================================
