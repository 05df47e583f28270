--------------- MODULE MCDmaBufWwEviction_TicketLockIgnoresOwner ---------------
(***************************************************************************)
(* Expected violation of MutualExclusion (and of the ResvMutex             *)
(* refinement): an eviction that takes the victim's lock whoever holds it  *)
(* (a walk treating any held resv as its own, F18).                        *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

TicketLockIgnoringOwner(a) ==
    /\ pc[a] = "evict"
    /\ held' = [held EXCEPT ![a] = @ \cup {Vic(a)}]
    /\ pc' = [pc EXCEPT ![a] = "evict_locked"]
    /\ UNCHANGED <<call, contended, stamp, nextStamp, pinVars, mapVars, bufVars, interrupts>>
=============================================================================
