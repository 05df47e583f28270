------------- MODULE MCDmaBufDeviceAccess_Ind_FlushFenceUnpublished -------------
(* Guard that the inductiveness check can fail: with the move_notify of    *)
(* MCDmaBufDeviceAccess_FlushFenceUnpublished (the PTEs are zapped but the *)
(* TLB flush fence is not put in the resv, R5), IndInv is not inductive:   *)
(* a zap leaves a pending flush that no fence covers.                       *)
(* Expected: invariant IndInv.                                              *)
EXTENDS MCDmaBufDeviceAccess_Ind

ZapWithoutPublishing(a) ==
    /\ InvalidateMappings(a)
    /\ pte' = [m \in Maps |->
                 IF m[1] = a /\ pte[m] = "present" THEN "zapped" ELSE pte[m]]
    /\ UNCHANGED <<flushInResv, pteWrites>>
=============================================================================
