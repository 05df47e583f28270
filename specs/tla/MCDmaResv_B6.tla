----------------------------- MODULE MCDmaResv_B6 ----------------------------
(***************************************************************************)
(* B6 (6b51b02a3a0a "dma-buf: fix and rework dma_buf_poll v7"): the old    *)
(* poll looked only at the shared (reader) fences for EPOLLOUT when some   *)
(* existed, ignoring the exclusive (writer) fence, so a writer was told    *)
(* "ready" while a writer fence was pending.                               *)
(* Expected: invariant ImplicitSyncOrdering.                               *)
(***************************************************************************)
EXTENDS MCDmaResv

B6DmaBufPollFences(r, u) == LegacyExclSharedQuery(r, u)
=============================================================================
