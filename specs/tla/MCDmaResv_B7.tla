----------------------------- MODULE MCDmaResv_B7 ----------------------------
(***************************************************************************)
(* B7 (9d38814d1e34 "dma-buf: fix dma_resv_test_signaled test_all handling *)
(* v2"): with test_all the exclusive (writer) fence was skipped whenever   *)
(* shared fences existed, so SYNC_START for a CPU write returned with a    *)
(* writer fence pending.  Expected: invariant ImplicitSyncOrdering.        *)
(***************************************************************************)
EXTENDS MCDmaResv

B7DmaResvTestSignaled(r, u) == LegacyExclSharedQuery(r, u) = {}
=============================================================================
