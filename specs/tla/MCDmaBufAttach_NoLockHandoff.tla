---------------------- MODULE MCDmaBufAttach_NoLockHandoff ----------------------
(***************************************************************************)
(* Expected-violation models of AttachReturns, DetachReturns and           *)
(* MapReturns: the fairness of MCDmaBufAttach with weak instead of strong  *)
(* fairness on taking the reservation lock, i.e. a mutex without hand-off  *)
(* (MUTEX_FLAG_HANDOFF).  The lock is free infinitely often but not        *)
(* continuously: the dynamic importer d1 keeps re-taking it, and the       *)
(* static importer s1, waiting to list its attachment, unlist it or map,   *)
(* may starve.  With hand-off (MCDmaBufAttach!LockHandoff) the properties  *)
(* hold (DmaBufAttach_Live_* models).  The exporter b1 is static here so  *)
(* that the lock has exactly one contender besides s1 and the model stays  *)
(* small.                                                                  *)
(***************************************************************************)
EXTENDS MCDmaBufAttach

NoHandoffFairness ==
    /\ FenceFairness
    /\ WF_vars(ExporterThread)
    /\ \A a \in Importers : WF_vars(LockStep(a))
    /\ \A a \in DynamicImporters : WF_vars(DmaResvUnlock(a))
    /\ ImporterRemaps

NoHandoffSpec == Spec /\ NoHandoffFairness
=============================================================================
