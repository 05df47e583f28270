---------------- MODULE MCDmaBufAttach_R15AttachUnreachable -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R15AttachUnreachable.cfg.                             *)
EXTENDS MCDmaBufAttach

(* R15: an exporter whose ops->attach does not fail with -EBUSY although  *)
(* the buffer sits in VRAM the (non-P2P) device cannot reach.              *)
(* Expected: AttachedDevicesReachPlacement.                                *)
AttachIgnoringPlacement(a) ==
    /\ pc[a] = "detached"
    /\ mapping[a] = NoRegion
    /\ RestrictsPlacement(a) => holder[Buf(a)] = NoHolder
    /\ pc' = [pc EXCEPT ![a] = "attach"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>
=============================================================================
