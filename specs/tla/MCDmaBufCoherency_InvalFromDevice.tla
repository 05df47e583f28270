------------------- MODULE MCDmaBufCoherency_InvalFromDevice -------------------
(***************************************************************************)
(* arm64 before c50f11c6196f ("arm64: mm: Don't invalidate FROM_DEVICE     *)
(* buffers at start of DMA transfer", v5.19-rc3; in 5.10.125 and 5.15.50  *)
(* stable): arch_sync_dma_for_device(FROM_DEVICE) -> __dma_map_area ->     *)
(* __dma_inv_area invalidated the buffer instead of cleaning it.  The CPU  *)
(* wrote inside a correct bracket while nothing was mapped (so             *)
(* end_cpu_access cleaned nothing); dma_buf_map_attachment(FROM_DEVICE)    *)
(* then drops the dirty line, and if the device does not overwrite that    *)
(* part of the buffer (a short transfer; here: no write at all) the CPU    *)
(* later reads the older memory.  Kernel 6.15+, system-heap exporter,      *)
(* correct brackets: only the arch maintenance differs.                    *)
(* Expected: invariant CpuReadsSeeLastWrite.                               *)
(***************************************************************************)
EXTENDS DmaBufCoherency
=============================================================================
