-------------- MODULE MCDmaBufDeviceAccess_MoveNotifyOneMapping --------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated action.   *)
(* Check: MCDmaBufDeviceAccess_MoveNotifyOneMapping.cfg (one dynamic       *)
(* importer holding two mappings).                                         *)
EXTENDS MCDmaBufDeviceAccess

(* An importer's move_notify that invalidates and zaps one of the          *)
(* attachment's mappings - the one it tracks as current - and forgets any  *)
(* other it holds (an importer written for one mapping per attachment,     *)
(* with a second one made in parallel, as 7.1 invalidate_mappings allows), *)
(* against R4/R5: every mapping of the attachment is invalidated and every *)
(* translation fenced.  The forgotten mapping keeps its PTEs and publishes *)
(* no flush fence, so the move fence does not wait for it and the old      *)
(* storage is freed under it.  With one mapping per attachment the mutant  *)
(* is correct: it takes a second one for TLC to find the violation.        *)
(* Expected: FreedRegionUnreferenced.                                      *)
MoveNotifyOneMapping(a) ==
    IF \E s \in Slots : Mapped(<<a, s>>)
    THEN \E s \in Slots :
           LET m == <<a, s>> IN
           /\ Mapped(m)
           /\ mapValid'    = [mapValid EXCEPT ![m] = FALSE]
           /\ pte'         = [pte EXCEPT ![m] = IF @ = "present" THEN "zapped" ELSE @]
           /\ flushInResv' = [flushInResv EXCEPT ![m] = IF pte[m] = "present" THEN TRUE ELSE @]
           /\ UNCHANGED pteWrites
    ELSE UNCHANGED <<mapValid, pte, flushInResv, pteWrites>>
=============================================================================
