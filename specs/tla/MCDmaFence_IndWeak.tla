------------------------------ MODULE MCDmaFence_IndWeak ------------------------------
(***************************************************************************)
(* Expected violation of WeakCallbackInv: the F7 callback properties       *)
(* without their strengthening (SignalPhases, CallbackListsOrdered,        *)
(* CallbackStatusConsistent) are not inductive; TLC's counterexample: a    *)
(* callback "pending" but on no list is lost by the next signal.  Shows    *)
(* that MCDmaFence_Ind checks something.                                   *)
(***************************************************************************)
EXTENDS MCDmaFence_Ind

WeakCallbackInv ==
    /\ TypeOK
    /\ CallbacksRunOnceInOrder
    /\ NoLostCallback
    /\ LateCallbackNeverRuns
    /\ RemovedCallbackNeverRuns

WeakInit ==
    /\ fstate \in [Fences -> FenceStates]
    /\ added \in [Fences -> DistinctSeqs]
    /\ ran \in [Fences -> DistinctSeqs]
    /\ running \in [Fences -> DistinctSeqs]
    /\ cbList \in [Fences -> DistinctSeqs]
    /\ cbStatus \in [Callbacks -> CallbackStates]
    /\ ferror \in [Fences -> {0, EDEADLK} \cup Errnos]
    /\ wstate \in [Waiters -> WaiterStates]
    /\ released \in [Fences -> BOOLEAN]
    /\ forced \in [Fences -> BOOLEAN]
    /\ WeakCallbackInv

WeakSpec == WeakInit /\ [][Next]_vars
=============================================================================
