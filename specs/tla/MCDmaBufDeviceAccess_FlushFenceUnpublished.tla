------------- MODULE MCDmaBufDeviceAccess_FlushFenceUnpublished -------------
(* Expected-violation model: DmaBufDeviceAccess with one mutated action.   *)
(* Check: MCDmaBufDeviceAccess_FlushFenceUnpublished.cfg (invariant) and   *)
(* MCDmaBufDeviceAccess_FlushFenceUnpublished_Refinement.cfg (property).   *)
EXTENDS MCDmaBufDeviceAccess

(* The importer's move_notify zaps the PTEs and returns before the TLB     *)
(* flush fence is in the reservation object (it publishes it later, or     *)
(* waits for it privately): the exporter's move fence does not depend on   *)
(* it, the old storage is freed while the TLB still translates to it, and  *)
(* a stale TLB hit touches freed storage.  Expected: DeviceAccessIsolated, *)
(* and the refinement IsoSpec fails.                                       *)
ZapWithoutPublishing(a) ==
    /\ InvalidateMappings(a)
    /\ pte' = [m \in Maps |->
                 IF m[1] = a /\ pte[m] = "present" THEN "zapped" ELSE pte[m]]
    /\ UNCHANGED <<flushInResv, pteWrites>>
=============================================================================
