----------------------------- MODULE MCDmaResv_Degrade -----------------------
(***************************************************************************)
(* Degrading (F16): a replacement test without old_usage >= usage lets a   *)
(* re-added WRITE fence come back as READ, so readers stop waiting for it. *)
(* Expected: invariant NoDegrading.                                        *)
(***************************************************************************)
EXTENDS MCDmaResv

DegradingReplaceable(old, f, u) ==
    \/ SameContext(old.fence, f) /\ IsLaterOrSame(f, old.fence)
    \/ signalled[old.fence]
=============================================================================
