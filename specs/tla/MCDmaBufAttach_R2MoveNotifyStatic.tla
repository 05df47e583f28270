----------------- MODULE MCDmaBufAttach_R2MoveNotifyStatic ------------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R2MoveNotifyStatic.cfg.                               *)
EXTENDS MCDmaBufAttach

(* R2: an exporter-side walk (a core without the importer_ops test in    *)
(* dma_buf_move_notify) that calls move_notify on every attachment, static *)
(* ones included: a static attachment has no importer_ops, so the call     *)
(* would dereference NULL.  Expected: MoveNotifyOnlyDynamic.               *)
EvictNotifyingAll(b) ==
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
    /\ walkTodo' = attachments[b]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars, storeVars>>
=============================================================================
