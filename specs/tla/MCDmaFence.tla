----------------------------- MODULE MCDmaFence -----------------------------
(***************************************************************************)
(* Model of DmaFence.tla: two fences on one context (seqno 1, 2) and one   *)
(* on another, two callbacks on one fence (so order matters) and one on    *)
(* another, an infinite and a finite waiter.  Adds the F1 fairness for the *)
(* liveness properties.                                                    *)
(***************************************************************************)
EXTENDS DmaFence, TLC

CONSTANTS f1, f2, f3, c1, c2, c3, w1, w2

MCFenceContext == (f1 :> 1 @@ f2 :> 1 @@ f3 :> 2)
MCFenceSeqno   == (f1 :> 1 @@ f2 :> 2 @@ f3 :> 1)
MCCallbackFence == (c1 :> f1 @@ c2 :> f1 @@ c3 :> f2)
MCWaiterFence   == (w1 :> f2 @@ w2 :> f1)
MCWaiterTimeout == (w1 :> "infinite" @@ w2 :> "finite")
MCErrnos == {-5}   \* -EIO

(* F9: the creator keeps its reference until the fence signalled, so      *)
(* dma_fence_release only sees signalled fences here; the early-release   *)
(* path (F11) is checked in MCDmaFence_Release.  The body is              *)
(* DmaFenceRelease's signalled branch (a cfg substitution cannot call the *)
(* operator it replaces).                                                 *)
MCDmaFenceRelease(f) ==
    /\ ~released[f]
    /\ Signaled(f)
    /\ FenceLockFree(f)
    /\ \A w \in Waiters : WaiterFence[w] = f => wstate[w] # "waiting"
    /\ released' = [released EXCEPT ![f] = TRUE]
    /\ UNCHANGED <<fstate, ferror, cbList, running, added, ran, cbStatus, wstate, forced>>

(* F1: every fence eventually signals; the signaller finishes its         *)
(* callback loop; a woken waiter gets to run.                             *)
Fairness ==
    /\ \A f \in Fences : WF_vars(DmaFenceSignal(f)) /\ WF_vars(DmaFenceRunCallback(f))
    /\ \A w \in Waiters : WF_vars(DmaFenceWaitWake(w))

FairSpec == Spec /\ Fairness

\* All fences signalled and every callback run: the model's end state.
Quiescent == \A f \in Fences : Signaled(f) /\ running[f] = <<>>
=============================================================================
