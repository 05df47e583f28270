---------------------------- MODULE MCDmaResv_Ind_B12 ----------------------------
(***************************************************************************)
(* The inductive check of SlotInv can fail: with B12's dma_fence_is_later  *)
(* (strict), re-adding a fence that is already in the table appends, so  *)
(* one step from a SlotInv state leaves num_fences > max_fences.          *)
(* Expected: invariant SlotInv.                                            *)
(***************************************************************************)
EXTENDS MCDmaResv_Ind

B12IsLater(f, g) == SameContext(f, g) /\ Seqno[f] > Seqno[g]
=============================================================================
