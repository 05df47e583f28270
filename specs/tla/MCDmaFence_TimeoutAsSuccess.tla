------------------------ MODULE MCDmaFence_TimeoutAsSuccess ------------------------
(***************************************************************************)
(* Expected violation of WaitSucceedsOnlyWhenSignalled: dma_fence_wait_timeout *)
(* returns the remaining jiffies, 0 on timeout; a caller that only checks  *)
(* for ret < 0 treats a timeout as "fence signalled" and goes on to touch  *)
(* the buffer while the device may still be writing it.                    *)
(***************************************************************************)
EXTENDS MCDmaFence

\* Every waiter uses a finite timeout here.
FiniteTimeouts == [w \in Waiters |-> "finite"]

\* The expiry is reported as success.
TimeoutReportedAsSignalled(w) ==
    /\ wstate[w] = "waiting"
    /\ WaiterTimeout[w] = "finite"
    /\ ~Signaled(WaiterFence[w])
    /\ wstate' = [wstate EXCEPT ![w] = "signaled"]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, cbStatus, released, forced>>
=============================================================================
