----------------------------- MODULE MCDmaResv_B13 ---------------------------
(***************************************************************************)
(* B13 (dma_resv_reset_max_fences under CONFIG_DEBUG_MUTEXES): a driver    *)
(* that reserves, unlocks, re-locks and adds without reserving again.      *)
(* The debug kernel forgot the reservation at unlock, so the add appends   *)
(* past max_fences (BUG_ON).  The mutated action is the driver forgetting *)
(* that its reservation is gone.  Expected: invariant SlotAccounting.      *)
(***************************************************************************)
EXTENDS MCDmaResv

B13DmaResvUnlock(p) ==
    /\ pc[p] = "locked"
    /\ LET r == resvOf[p] IN
       /\ holder' = [holder EXCEPT ![r] = NoProc]
       /\ maxFences' = [maxFences EXCEPT ![r] = MaxFencesAtUnlock(table[r], @)]
    /\ pc' = [pc EXCEPT ![p] = "idle"]
    /\ resvOf' = [resvOf EXCEPT ![p] = NoResv]
    /\ mustWait' = [mustWait EXCEPT ![p] = {}]
    /\ UNCHANGED <<signalled, table, pollCb, query, credits, everAdded, syncFiles>>
=============================================================================
