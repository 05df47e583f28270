----------------------------- MODULE MCDmaResv_B11 ---------------------------
(***************************************************************************)
(* B11 (a3f7c10a269d "dma-buf/dma-resv: check if the new fence is really  *)
(* later"): before the fix dma_resv_add_fence replaced a same-context      *)
(* entry without checking seqno order, so adding an earlier fence (f1)     *)
(* after a later one (f2) replaced f2 and the dependency on f2 was lost.   *)
(* Expected: invariant NoLostDependency.                                   *)
(***************************************************************************)
EXTENDS MCDmaResv

B11Replaceable(old, f, u) ==
    \/ SameContext(old.fence, f) /\ old.usage >= u
    \/ signalled[old.fence]
=============================================================================
