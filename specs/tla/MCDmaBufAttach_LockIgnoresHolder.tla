------------------ MODULE MCDmaBufAttach_LockIgnoresHolder ------------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_LockIgnoresHolder.cfg.                                *)
EXTENDS MCDmaBufAttach

(* A dynamic importer whose dma_resv_lock does not wait for the holder     *)
(* (e.g. a driver that tests dma_resv_is_locked() and then assumes it may  *)
(* go on): it takes the reservation lock while the exporter holds it for   *)
(* an eviction.  The two holds overlap, which no mutex (ResvMutex.tla)     *)
(* and hence no wait-die ww_mutex (WwMutex!Mutex) can produce.             *)
(* Expected: property ResvLockSpec.                                        *)
LockIgnoringHolder(a) ==
    /\ a \in DynamicImporters
    /\ pc[a] = "attached"
    /\ holder' = [holder EXCEPT ![Buf(a)] = a]
    /\ pc' = [pc EXCEPT ![a] = "locked"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<listVars, mapVars, job, pinVars, storeVars, expVars>>
=============================================================================
