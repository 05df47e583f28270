----------------- MODULE MCDmaBufWwEviction_EvictIgnoresEdeadlk -----------------
(***************************************************************************)
(* Expected violation of MoveUnderVictimLock: the exporter's TTM walk      *)
(* ignores the -EDEADLK of its ticket lock and evicts the victim anyway:   *)
(* the victim moves and its dynamic importers get move_notify while        *)
(* another context holds its reservation lock (R2, F18).                   *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

EvictDespiteEdeadlk(a) ==
    LET v == Vic(a) IN
    /\ pc[a] = "evict_blocked"
    /\ Ww!MustDie(a, v)
    /\ ~Pinned(v)
    /\ gen' = [gen EXCEPT ![v] = @ + 1]
    /\ moveFence' = [moveFence EXCEPT ![v] = "pending"]
    /\ mapValid' = [d \in Importers |-> IF Buf(d) = v /\ Dynamic(d) THEN FALSE ELSE mapValid[d]]
    /\ pc' = [pc EXCEPT ![a] = "placed"]
    /\ UNCHANGED <<call, lockVars, pinVars, mapped, mapGen, interrupts>>
=============================================================================
