------------------------------ MODULE MCDmaFence_Ind ------------------------------
(***************************************************************************)
(* Inductive invariance of DmaFence!CallbackInv (F7: callbacks run once,   *)
(* in order, none lost, none run late or after removal), checked with TLC  *)
(* the standard way: every state of a bounded domain satisfying CallbackInv *)
(* is initial, one step of Next (the full spec, release included), and     *)
(* CallbackInv must hold again.  Domain: one fence, two callbacks on it.   *)
(* Conjuncts are ordered so TLC prunes while enumerating.                  *)
(***************************************************************************)
EXTENDS MCDmaFence

\* Sequences of distinct callbacks (the domain of every list).
DistinctSeqs ==
    {s \in UNION {[1..n -> Callbacks] : n \in 0..Cardinality(Callbacks)} : NoDup(s)}

IndInit ==
    /\ fstate \in [Fences -> FenceStates]
    /\ added \in [Fences -> DistinctSeqs]
    /\ OnlyOwnCallbacks
    /\ cbList \in [Fences -> DistinctSeqs]
    /\ \A f \in Fences : Signaled(f) => cbList[f] = <<>>
    /\ \A f \in Fences : InOrder(cbList[f], added[f])
    /\ running \in [Fences -> DistinctSeqs]
    /\ ran \in [Fences -> DistinctSeqs]
    /\ SignalPhases
    /\ CallbackListsOrdered
    /\ cbStatus \in [Callbacks -> CallbackStates]
    /\ CallbackStatusConsistent
    /\ ferror \in [Fences -> {0, EDEADLK} \cup Errnos]
    /\ wstate \in [Waiters -> WaiterStates]
    /\ released \in [Fences -> BOOLEAN]
    /\ forced \in [Fences -> BOOLEAN]
    /\ CallbackInv

IndSpec == IndInit /\ [][Next]_vars

\* Expand only the initial states: one step of Next from every CallbackInv state.
OneStep == TLCGet("level") = 0
=============================================================================
