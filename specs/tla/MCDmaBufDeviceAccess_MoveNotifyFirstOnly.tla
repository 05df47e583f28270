--------------- MODULE MCDmaBufDeviceAccess_MoveNotifyFirstOnly ---------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated action.   *)
(* Check: MCDmaBufDeviceAccess_MoveNotifyFirstOnly.cfg (FreedRegion-       *)
(* Unreferenced) and _MoveNotifyFirstOnly_Current.cfg (ValidMappings-      *)
(* Current), both with two dynamic importers on one buffer.                *)
EXTENDS MCDmaBufDeviceAccess

(* dma_buf_move_notify() that stops after the first dynamic attachment it  *)
(* reaches (a break in the list walk, or a walk that treats the buffer as  *)
(* having one dynamic importer), against R2: every dynamic attachment must *)
(* be notified.  The other importer's mapping stays valid and points at    *)
(* the old storage, its PTEs stay present and no flush fence of its is in  *)
(* the resv, so the move fence does not wait for it and the old storage    *)
(* is freed under it.  With one dynamic importer the mutant is correct: it *)
(* takes a second one for TLC to find the violation.  Expected:            *)
(* FreedRegionUnreferenced (a freed region behind a valid mapping or a     *)
(* translation), and ValidMappingsCurrent (R4) as soon as the move is      *)
(* published.                                                              *)
MoveNotifyFirstOnly(e, a) ==
    /\ expBuf[e] # NoBuf
    /\ a \in walkTodo[e]
    /\ walkTodo' = [walkTodo EXCEPT ![e] = {}]
    /\ ImporterMoveNotify(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<attachments, mapRegion, mapDir, jobVars, moveVars,
                   expBuf, expTarget>>
=============================================================================
