------------------------ MODULE MCWwMutex_TrylockIgnoresOwner ------------------------
(***************************************************************************)
(* Expected violation of MutualExclusion: a dma_resv_trylock that reports  *)
(* success without the atomic owner cmpxchg (e.g. a driver that tests      *)
(* dma_resv_is_locked() and then assumes it owns the object).              *)
(***************************************************************************)
EXTENDS MCWwMutex

TrylockWithoutOwnerCheck(p) ==
    /\ p \in NullProcs
    /\ pc[p] = "lock"
    /\ idx[p] <= Len(LockOrder[p])
    /\ held' = [held EXCEPT ![p] = @ \cup {Want(p)}]
    /\ idx' = [idx EXCEPT ![p] = @ + 1]
    /\ UNCHANGED <<pc, contended, stamp, nextStamp>>
=============================================================================
