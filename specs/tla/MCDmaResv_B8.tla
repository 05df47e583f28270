----------------------------- MODULE MCDmaResv_B8 ----------------------------
(***************************************************************************)
(* B8 (3e1ad79bf661, 60f800b2bdfa "drm/nouveau, drm/msm: always wait for  *)
(* the exclusive fence"): importers waited for the reader fences only     *)
(* when some existed, so a new writer job started while a writer fence    *)
(* was pending.  Expected: invariant ImplicitSyncOrdering.                 *)
(***************************************************************************)
EXTENDS MCDmaResv

B8ImporterSyncFences(r, u) == LegacyExclSharedQuery(r, u)
=============================================================================
