------------------------ MODULE MCDmaFence_SignalOutOfOrder ------------------------
(***************************************************************************)
(* Expected violation of ContextSignalsInSeqnoOrder (F12): a producer that *)
(* signals a fence while an earlier fence of the same context is still     *)
(* unsignalled (e.g. completing jobs of one ring out of order).            *)
(***************************************************************************)
EXTENDS MCDmaFence

\* DmaFenceSignal without the "earlier fences of the context signalled" guard.
SignalAnyOrder(f) ==
    /\ ~released[f]
    /\ FenceLockFree(f)
    /\ ~Signaled(f)
    /\ SignalLocked(f)
    /\ UNCHANGED <<ferror, added, ran, cbStatus, wstate, released, forced>>
=============================================================================
