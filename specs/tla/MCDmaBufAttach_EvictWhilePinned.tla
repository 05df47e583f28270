------------------ MODULE MCDmaBufAttach_EvictWhilePinned -------------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_EvictWhilePinned.cfg.                                 *)
EXTENDS MCDmaBufAttach

(* R7: an exporter that evicts a pinned buffer ("after pin returns the     *)
(* buffer cannot move").  Expected: PinnedBufferNotMoved.                  *)
EvictIgnoringPins(b) ==
    /\ expPc = "idle"
    /\ b \in DynamicExporters
    /\ holder[b] = NoHolder
    /\ moveFence[b] = "none"
    /\ MoveTargets(b) # {}
    /\ holder' = [holder EXCEPT ![b] = Exporter]
    /\ expPc' = "notify"
    /\ expBuf' = b
    /\ walkSnapshot' = attachments[b]
    /\ walkTodo' = {a \in attachments[b] : importerOps[a]}
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, pc, mapVars, job, pinVars, storeVars>>
=============================================================================
