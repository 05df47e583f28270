------------------- MODULE MCDmaBufCoherency_Seed004ToDevice -------------------
(***************************************************************************)
(* Seed 004, the other direction: the cached DMA_BIDIRECTIONAL table of a  *)
(* <= 6.14 attachment is reused for a TO_DEVICE map, so the                *)
(* arch_sync_dma_for_device clean that must push the CPU's stores to       *)
(* memory before the device reads is skipped (dma_buf_map_attachment       *)
(* returns attach->sgt without calling map_dma_buf).  The exporter has no  *)
(* end_cpu_access, so SYNC_END does not clean either: the device reads     *)
(* memory older than the CPU's write.                                      *)
(* Expected: invariant DeviceReadsSeeLastWrite.                            *)
(***************************************************************************)
EXTENDS DmaBufCoherency
=============================================================================
