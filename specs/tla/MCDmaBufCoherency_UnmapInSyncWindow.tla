------------------ MODULE MCDmaBufCoherency_UnmapInSyncWindow ------------------
(***************************************************************************)
(* The ownership assumption broken: the importer calls                     *)
(* dma_buf_unmap_attachment(FROM_DEVICE or BIDIRECTIONAL) while userspace  *)
(* is inside a SYNC_START(WRITE|RW) bracket.  The unmap's                  *)
(* arch_sync_dma_for_cpu invalidates the line (dcache_inval_poc), dropping *)
(* the CPU's not yet written-back stores; nothing in the kernel orders the *)
(* two (U1: SYNC does not exclude other users).  A later read sees the     *)
(* older memory.  Kernel 6.15+, system-heap exporter.                      *)
(* Expected: invariant CpuReadsSeeLastWrite.                               *)
(***************************************************************************)
EXTENDS DmaBufCoherency

\* the mutated action: DoDmaBufUnmapAttachment while a bracket is open
UnmapInSyncWindow == cpuSync # "none" /\ DoDmaBufUnmapAttachment

NextUnmapInWindow == Next \/ UnmapInSyncWindow

SpecUnmapInWindow == Init /\ [][NextUnmapInWindow]_vars
=============================================================================
