----------------------- MODULE MCDmaBufLifetime_NoF1 -----------------------
(***************************************************************************)
(* Expected-violation models of ReleasedOnceUnused and WaitersReturn: the  *)
(* fairness of MCDmaBufLifetime without F1 (FenceFairness), i.e. a fence   *)
(* that is published but never signalled — a producer whose job hangs      *)
(* and that no timeout or reset signals.  An armed poll callback then      *)
(* holds the file for good (B5's get_file) and the buffer outlives every   *)
(* user; a thread in an interruptible dma_fence_wait sleeps until a signal *)
(* that need not come.  With F1 both hold (DmaBufLifetime_Live_* models). *)
(***************************************************************************)
EXTENDS MCDmaBufLifetime

NoF1Spec == Spec /\ SignallerLoop /\ DeferredFput /\ Threads
=============================================================================
