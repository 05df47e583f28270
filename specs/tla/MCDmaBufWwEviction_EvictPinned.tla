--------------------- MODULE MCDmaBufWwEviction_EvictPinned ---------------------
(***************************************************************************)
(* Expected violation of PinnedBufferNotMoved: an exporter whose eviction  *)
(* under the ticket ignores the victim's pin count (R7).                   *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

EvictIgnoringPins(a) ==
    LET v == Vic(a) IN
    /\ pc[a] = "evict_locked"
    /\ v \in held[a]
    /\ gen' = [gen EXCEPT ![v] = @ + 1]
    /\ moveFence' = [moveFence EXCEPT ![v] = "pending"]
    /\ mapValid' = [d \in Importers |-> IF Buf(d) = v /\ Dynamic(d) THEN FALSE ELSE mapValid[d]]
    /\ pc' = [pc EXCEPT ![a] = "placed"]
    /\ UNCHANGED <<call, lockVars, pinVars, mapped, mapGen, interrupts>>
=============================================================================
