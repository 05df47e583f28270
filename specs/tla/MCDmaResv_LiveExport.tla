----------------------------- MODULE MCDmaResv_LiveExport --------------------
(***************************************************************************)
(* Snapshot semantics (U4) broken: a sync_file that re-reads the           *)
(* reservation object when waited on (as if it were the dma-buf fd)        *)
(* instead of holding the snapshot taken by EXPORT_SYNC_FILE, so it also   *)
(* waits for fences added after the export (IGT export-wait-after-attach). *)
(* Expected: invariant SnapshotSemantics.                                  *)
(***************************************************************************)
EXTENDS MCDmaResv

LiveSyncFileFences(i) == UnsignalledFor(syncFiles[i].resv, syncFiles[i].usage)
=============================================================================
