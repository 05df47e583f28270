---------------- MODULE MCDmaBufAttach_R8StaticImporterPins -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_R8StaticImporterPins.cfg.                             *)
EXTENDS MCDmaBufAttach

(* R8: a static importer that calls dma_buf_pin (in its own locked        *)
(* section): the core WARNs and refuses, since only dynamic importers pin. *)
(* The mutant lets the pin through.  Expected: OnlyDynamicImportersPin.    *)
PinWithoutOpsCheck(a) ==
    /\ ~importerPin[a]
    /\ \/ pc[a] = "locked" /\ importerOps[a]
       \/ pc[a] = "attached" /\ a \notin DynamicImporters /\ holder[Buf(a)] = NoHolder
    /\ importerPin' = [importerPin EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, corePin, storeVars, expVars>>
=============================================================================
