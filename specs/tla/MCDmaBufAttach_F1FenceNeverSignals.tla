----------------- MODULE MCDmaBufAttach_F1FenceNeverSignals -----------------
(* Expected-violation model: DmaBufAttach with one mutated action, checked *)
(* by MCDmaBufAttach_F1FenceNeverSignals.cfg.                              *)
EXTENDS MCDmaBufAttach

(* F1/F2: a job fence that never signals (an indefinite fence, e.g. a      *)
(* userspace-controlled one): the exporter's move fence depends on it, so  *)
(* the eviction never completes.  Expected: property EvictionCompletes.    *)
NeverSignal(a) == FALSE
=============================================================================
