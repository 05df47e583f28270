------------- MODULE MCDmaBufAttach_NewMappingBeforeKernelFence -------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_NewMappingBeforeKernelFence.cfg.                      *)
EXTENDS MCDmaBufAttach

(* Seed 000: after move_notify the importer re-maps and lets its device   *)
(* touch the new mapping without waiting for the exporter's KERNEL fence  *)
(* (the copy into the new storage has not finished): R6.                  *)
(* Expected: DeviceAccessIsolated (the new region is not the buffer's     *)
(* until the move fence signals).                                         *)
NoKernelFenceWait(a) ==
    /\ a \in DynamicImporters
    /\ mapped[a]
    /\ ~mapReady[a]
    /\ mapReady' = [mapReady EXCEPT ![a] = TRUE]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapping, mapped, mapDir, cached,
                   mapValid, job, pinVars, storeVars, expVars>>
=============================================================================
