------------------------------ MODULE ResvMutex ------------------------------
(***************************************************************************)
(* The reservation lock as DmaBufAttach.tla and DmaResv.tla use it: one    *)
(* plain mutex per object (dma_resv_lock/dma_resv_unlock on obj->lock,     *)
(* rule F18 of docs/rules.md).  A locker takes a free object, and only its *)
(* owner releases it.  How several objects are acquired without deadlock   *)
(* (wait-die, -EDEADLK, backoff) is not visible here: that is WwMutex.tla, *)
(* which refines this module (WwMutex!Mutex), as do DmaBufAttach           *)
(* (DmaBufAttach!Lock) and DmaResv (DmaResv!Lock).  So every lock hold the *)
(* two protocol specs rely on is one the wait-die ww_mutex can produce,    *)
(* and every hold WwMutex produces is a plain mutex hold.                  *)
(*                                                                         *)
(* owner[o] is a set ({} or one locker) so that the mapping from WwMutex's *)
(* held sets needs no CHOOSE; Spec keeps it at most one.                   *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Objects,   \* struct dma_resv objects (their ww_mutex)
    Lockers    \* threads that lock them

VARIABLES
    owner      \* [Objects -> SUBSET Lockers]: the thread holding obj->lock, {} if free

TypeOK == owner \in [Objects -> SUBSET Lockers]

Init == owner = [o \in Objects |-> {}]

(* dma_resv_lock(obj, ...) / dma_resv_trylock / dma_resv_lock_slow         *)
(* returning 0: the object was free and is now p's.                        *)
Lock(p, o) ==
    /\ owner[o] = {}
    /\ owner' = [owner EXCEPT ![o] = {p}]

(* dma_resv_unlock(obj) by its owner.                                      *)
Unlock(p, o) ==
    /\ owner[o] = {p}
    /\ owner' = [owner EXCEPT ![o] = {}]

Next == \E p \in Lockers, o \in Objects : Lock(p, o) \/ Unlock(p, o)

Spec == Init /\ [][Next]_owner

(* Mutual exclusion: at most one owner per object (implied by Spec).       *)
OneOwner == \A o \in Objects : Cardinality(owner[o]) <= 1
=============================================================================
