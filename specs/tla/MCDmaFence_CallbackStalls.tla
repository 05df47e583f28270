----------------------- MODULE MCDmaFence_CallbackStalls -----------------------
(***************************************************************************)
(* Expected violation of CallbacksRun: the fairness of MCDmaFence without  *)
(* the signaller's callback loop.  That is a signaller stuck in            *)
(* dma_fence_signal's loop, e.g. a callback that sleeps or spins on a lock *)
(* (callbacks run under the fence spinlock and must do neither): the       *)
(* callbacks after it stay pending for ever although the fence signalled.  *)
(***************************************************************************)
EXTENDS MCDmaFence

StalledLoopFairness ==
    /\ \A f \in Fences : WF_vars(DmaFenceSignal(f))
    /\ \A w \in Waiters : WF_vars(DmaFenceWaitWake(w))

StalledLoopSpec == Spec /\ StalledLoopFairness
=============================================================================
