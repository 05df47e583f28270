---------------------------- MODULE MCDmaBufLifetime ----------------------------
(***************************************************************************)
(* Model-checking wrapper for DmaBufLifetime.tla.  The constants are       *)
(* small sets of model values and plain values, bound in the cfg files:    *)
(*   MCDmaBufLifetime_6_2.cfg   <= 6.14: pin and map at attach             *)
(*   MCDmaBufLifetime_6_15.cfg  6.15+: pin around each map                 *)
(*   MCDmaBufLifetime_6_2_Attach.cfg  <= 6.14 without waiter and reader   *)
(*   MCDmaBufLifetimeDeep_*.cfg two importers, two waiters, two readers    *)
(*   MCDmaBufLifetime_Live_*.cfg the liveness properties under Fairness    *)
(* Each expected-violation model is MCDmaBufLifetime_<What>.tla/.cfg with  *)
(* one kernel behaviour mutated (docs/rules.md names the bug).             *)
(* Every model stops once everything is released: CHECK_DEADLOCK FALSE.   *)
(***************************************************************************)
EXTENDS DmaBufLifetime

(* Fairness for the liveness models: the kernel's assumptions, in named    *)
(* parts so that a counter-model removes exactly one.                      *)

\* F1: a fence that has been published signals (the producer's timeline or interrupt handler runs).
FenceFairness == WF_vars(DmaFenceSignal)

\* The signaller runs every taken callback and leaves its loop (dropping fence->lock and its reference).
SignallerLoop ==
    /\ WF_vars(DmaBufPollCb)
    /\ \A i \in Importers : WF_vars(ImporterFenceCb(i))
    /\ \A w \in Waiters : WF_vars(DmaFenceWaitCb(w))
    /\ WF_vars(DmaFenceSignalDone)

\* The deferred __fput (task work or the delayed fput worker) runs once the last reference is gone.
DeferredFput == WF_vars(DmaBufFileRelease)

\* Runnable threads run: a woken waiter returns, a /proc reader finishes its readlink.
Threads ==
    /\ \A w \in Waiters : WF_vars(DmaFenceWaitWake(w))
    /\ \A r \in Readers : WF_vars(DmaBufDname(r))

Fairness == FenceFairness /\ SignallerLoop /\ DeferredFput /\ Threads

LiveSpec == Spec /\ Fairness
=============================================================================
