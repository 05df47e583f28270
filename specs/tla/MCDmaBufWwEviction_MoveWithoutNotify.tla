------------------- MODULE MCDmaBufWwEviction_MoveWithoutNotify -------------------
(***************************************************************************)
(* Expected violation of ValidMappingsCurrent: the eviction moves the      *)
(* victim without dma_buf_move_notify to its dynamic importers (R4).       *)
(***************************************************************************)
EXTENDS MCDmaBufWwEviction

EvictWithoutNotify(a) ==
    LET v == Vic(a) IN
    /\ pc[a] = "evict_locked"
    /\ v \in held[a]
    /\ IF Pinned(v)
         THEN UNCHANGED bufVars
         ELSE /\ gen' = [gen EXCEPT ![v] = @ + 1]
              /\ moveFence' = [moveFence EXCEPT ![v] = "pending"]
    /\ pc' = [pc EXCEPT ![a] = "placed"]
    /\ UNCHANGED <<call, lockVars, pinVars, mapVars, interrupts>>
=============================================================================
