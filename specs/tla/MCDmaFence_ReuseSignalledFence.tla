------------------------ MODULE MCDmaFence_ReuseSignalledFence ------------------------
(***************************************************************************)
(* Expected violation of SignalledIsFinal (F7), the shape of B9: fences    *)
(* come from SLAB_TYPESAFE_BY_RCU caches, so after dma_fence_release the   *)
(* same memory can be dma_fence_init'ed as a new, unsignalled fence.  A    *)
(* holder of the old pointer that did not re-check it (what                *)
(* dma_fence_get_rcu_safe fixed) sees its signalled fence become           *)
(* unsignalled again.                                                      *)
(***************************************************************************)
EXTENDS MCDmaFence

\* dma_fence_release of a signalled fence immediately followed by dma_fence_init at the same address.
ReleaseAndReinit(f) ==
    /\ ~released[f]
    /\ Signaled(f)
    /\ FenceLockFree(f)
    /\ \A w \in Waiters : WaiterFence[w] = f => wstate[w] # "waiting"
    /\ fstate' = [fstate EXCEPT ![f] = "unsignaled"]
    /\ ferror' = [ferror EXCEPT ![f] = 0]
    /\ UNCHANGED <<cbList, running, added, ran, cbStatus, wstate, released, forced>>
=============================================================================
