------------------ MODULE MCDmaBufAttach_R3MapWithoutLock -------------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R3MapWithoutLock.cfg.                                 *)
EXTENDS MCDmaBufAttach

(* R3: a dynamic importer calls dma_buf_map_attachment without holding the *)
(* resv, so a mapping is created concurrently with an ongoing move ("the   *)
(* mapping function must be called with this lock held as well").          *)
(* Expected: ValidMappingsCurrent.                                         *)
MapMaybeUnlocked(a) ==
    /\ a \in DynamicImporters
    /\ pc[a] \in {"locked", "attached"}
    /\ ~mapped[a]
    /\ CoreMap(a)
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, job, importerPin, storeVars, expVars>>
=============================================================================
