---------------- MODULE MCDmaBufAttach_R12DetachWithMapping -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R12DetachWithMapping.cfg.                             *)
EXTENDS MCDmaBufAttach

(* R12 (6.15+, b72f66f22c0e/de68b17d5d07): dma_buf_detach no longer        *)
(* unmaps anything; an importer that detaches with a mapping still         *)
(* present leaves the table (and the pin_on_map pin) behind.               *)
(* Expected: NoMappingAfterDetach.                                         *)
DetachKeepingMapping(a) ==
    /\ pc[a] = "attached"
    /\ ~job[a]
    /\ ~importerPin[a]
    /\ pc' = [pc EXCEPT ![a] = "detach"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, mapVars, job, pinVars, storeVars, expVars>>
=============================================================================
