--------------- MODULE MCDmaBufAttach_WriterFenceNeverSignals ---------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_WriterFenceNeverSignals.cfg.                          *)
EXTENDS MCDmaBufAttach

(* F1 broken for one importer: the static importer s1 writes, and its job  *)
(* fence never signals (an indefinite fence, F2).  The dynamic importer d1 *)
(* keeps R4's obligation (MCDmaBufAttach!ImporterRemaps) and re-maps after *)
(* an eviction, but before its device may use the new mapping it must wait *)
(* for the WRITE fences (R6), so it never gets a ready mapping back while  *)
(* no eviction is in flight (s1's mapping keeps the buffer pinned).  So    *)
(* InvalidatedImporterRemaps rests on F1, not only on the remap fairness.  *)
(* Expected: property InvalidatedImporterRemaps.                           *)
SignalAllButS1(a) ==
    /\ a # s1
    /\ job[a]
    /\ job' = [job EXCEPT ![a] = FALSE]
    /\ moveWaits' = [b \in Buffers |-> moveWaits[b] \ {a}]
    /\ lastAccess' = NoAccess
    /\ UNCHANGED <<lockVars, listVars, pc, mapVars, pinVars, placement,
                   storage, moveFence, moveFrom, expVars>>
=============================================================================
