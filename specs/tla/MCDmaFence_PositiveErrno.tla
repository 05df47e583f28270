------------------------ MODULE MCDmaFence_PositiveErrno ------------------------
(***************************************************************************)
(* Expected violation of TypeOK: dma_fence_set_error(fence, EIO) instead   *)
(* of -EIO.  fence->error must be 0 or a negative errno (the kernel WARNs  *)
(* on error >= 0); dma_fence_get_status would report the positive value   *)
(* as if it were the "signalled" 1.                                        *)
(***************************************************************************)
EXTENDS MCDmaFence

SetErrorPositive(f, e) ==
    /\ ~released[f]
    /\ ~Signaled(f)
    /\ ferror' = [ferror EXCEPT ![f] = -e]
    /\ UNCHANGED <<fstate, cbList, running, added, ran, cbStatus, wstate, released, forced>>
=============================================================================
