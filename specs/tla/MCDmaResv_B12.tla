----------------------------- MODULE MCDmaResv_B12 ---------------------------
(***************************************************************************)
(* B12 (95ba893c9f4f "dma-buf: fix check in dma_resv_add_fence"): with     *)
(* dma_fence_is_later (strict) instead of dma_fence_is_later_or_same,      *)
(* re-adding the same fence does not match its own slot and appends,      *)
(* consuming a slot nobody reserved until BUG_ON(num_fences >= max_fences). *)
(* Expected: invariant SlotAccounting.                                     *)
(***************************************************************************)
EXTENDS MCDmaResv

B12IsLater(f, g) == SameContext(f, g) /\ Seqno[f] > Seqno[g]
=============================================================================
