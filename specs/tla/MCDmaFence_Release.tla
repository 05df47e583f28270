------------------------ MODULE MCDmaFence_Release ------------------------
(***************************************************************************)
(* F11: the producer may drop its last reference at any time, even before  *)
(* signalling (a driver bug the kernel survives).  dma_fence_release WARNs,*)
(* sets -EDEADLK and force-signals, so no callback is stranded and         *)
(* ordering (F12) holds for every fence not force-signalled.               *)
(***************************************************************************)
EXTENDS MCDmaFence
=============================================================================
