------------ MODULE MCDmaBufAttach_Seed001ExporterCallbackLocks -------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_Seed001ExporterCallbackLocks.cfg.                     *)
EXTENDS MCDmaBufAttach

(* Seed 001 (v2 changelog of the locking-convention series): an exporter   *)
(* whose pin/map_dma_buf callback still takes the resv itself, as was      *)
(* allowed before 6.2, is called by dma_buf_map_attachment_unlocked with   *)
(* the resv already held by the core.                                      *)
(* Expected: NoRecursiveResvLock.                                          *)
CallbackRelocks(a) ==
    /\ pc[a] = "map_unlocked"
    /\ holder[Buf(a)] = NoHolder
    /\ holder' = [holder EXCEPT ![Buf(a)] = a]
    /\ pc' = [pc EXCEPT ![a] = "exp_cb_lock"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, mapVars, job, pinVars, storeVars, expVars>>
=============================================================================
