---------------- MODULE MCDmaBufAttach_InvalidateNoUnmapWait ----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_InvalidateNoUnmapWait.cfg.                            *)
EXTENDS MCDmaBufAttach

(* R5b (7.1 invalidate_mappings): the exporter reuses the old storage once *)
(* the fences signalled but without waiting for the importers to unmap,    *)
(* while they may still read-and-discard through the old mapping.          *)
(* Expected: DeviceAccessIsolated.                                         *)
ReleaseWithoutUnmapWait(b) ==
    /\ moveFence[b] = "signalled"
    /\ storage' = [storage EXCEPT ![moveFrom[b]] = Free]
    /\ moveFrom' = [moveFrom EXCEPT ![b] = NoRegion]
    /\ moveFence' = [moveFence EXCEPT ![b] = "none"]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, job, pinVars, placement,
                   moveWaits, expVars>>
=============================================================================
